"""Practices and learning resources (the library), and how /cari finds them, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor
from bot.domain.practices import Attachment, AttachmentKind, Reaction
from bot.services import practices, search
from bot.services.practices import resources
from bot.services.digest.sections import Week
from tests.services.reflections.test_reflections import AUTHOR, CHAT, FRIEND, OTHER_CHAT, OUTSIDER, community, join

ADMIN = Actor(1, is_chat_admin=True)


@pytest.fixture
async def setup(uow, clock):
    first = await community(uow, clock)
    second = await community(uow, clock, OTHER_CHAT)
    for user in (AUTHOR, FRIEND):
        await join(uow, clock, user)
    await join(uow, clock, OUTSIDER, OTHER_CHAT)
    return first, second


async def share(uow, clock, title, steps="Langkah", result="Hasil", chat=CHAT, user=AUTHOR,
                category="media", level="sd"):
    draft = await practices.create_draft(uow(), clock, chat_id=chat, telegram_user_id=user, title=title,
                                         steps=steps, result=result)
    await practices.tag(uow(), clock, chat_id=chat, telegram_user_id=user, practice_id=draft.id,
                        category=category)
    return await practices.tag(uow(), clock, chat_id=chat, telegram_user_id=user, practice_id=draft.id,
                               category=category, level=level)


async def test_practice_is_hidden_until_tagged_and_only_its_author_tags(uow, clock, setup) -> None:
    draft = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=AUTHOR,
                                         title="Kartu pintar", steps="Bagikan kartu", result="Murid aktif",
                                         subject="IPA")
    assert not draft.published and draft.subject == "IPA"
    assert (await search.search(uow(), chat_id=CHAT, text="kartu")).total == 0
    with pytest.raises(NotAllowed):
        await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=FRIEND, practice_id=draft.id,
                            category="media", level="sd")
    with pytest.raises(InvalidInput):
        await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=AUTHOR, practice_id=draft.id,
                            category="nonsense")
    with pytest.raises(NotFound):  # another community's chat cannot reach it
        await practices.tag(uow(), clock, chat_id=OTHER_CHAT, telegram_user_id=OUTSIDER, practice_id=draft.id,
                            category="media", level="sd")
    published = await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=AUTHOR, practice_id=draft.id,
                                     category="media", level="sd")
    assert published.published
    assert (await search.search(uow(), chat_id=CHAT, text="kartu")).total == 1


async def test_bad_input_saves_nothing(uow, clock, setup) -> None:
    with pytest.raises(InvalidInput):
        await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=AUTHOR, title="  ",
                                     steps="x", result="y")
    with pytest.raises(InvalidInput):
        await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=AUTHOR, title="Judul",
                                     steps="x" * 2001, result="y")
    assert (await practices.library(uow(), chat_id=CHAT)).total == 0


async def test_reactions_toggle_once_per_member(uow, clock, setup) -> None:
    practice = await share(uow, clock, "Pojok baca")
    react = lambda user, kind: practices.react(uow(), clock, chat_id=CHAT, telegram_user_id=user,  # noqa: E731
                                               practice_id=practice.id, reaction=kind)
    updated, on = await react(FRIEND, Reaction.USEFUL)
    assert on and updated.useful == 1
    updated, _ = await react(AUTHOR, Reaction.USEFUL)
    updated, _ = await react(FRIEND, Reaction.WILL_TRY)
    assert (updated.useful, updated.will_try) == (2, 1)
    updated, on = await react(FRIEND, Reaction.USEFUL)
    assert not on and updated.useful == 1
    with pytest.raises((NotAllowed, NotFound)):
        await practices.react(uow(), clock, chat_id=OTHER_CHAT, telegram_user_id=OUTSIDER,
                              practice_id=practice.id, reaction=Reaction.USEFUL)


async def test_attachments_from_author_or_facilitator_only(uow, clock, setup) -> None:
    practice = await share(uow, clock, "Pojok baca")
    await practices.card_posted(uow(), practice_id=practice.id, chat_id=CHAT, message_id=77)
    photo = Attachment(AttachmentKind.PHOTO, "file-id-1")
    with pytest.raises(NotAllowed):
        await practices.attach(uow(), clock, chat_id=CHAT, card_message_id=77, actor=Actor(FRIEND), attachment=photo)
    assert await practices.attach(uow(), clock, chat_id=CHAT, card_message_id=78, actor=Actor(AUTHOR),
                                  attachment=photo) is None
    updated = await practices.attach(uow(), clock, chat_id=CHAT, card_message_id=77, actor=Actor(AUTHOR),
                                     attachment=photo)
    await practices.attach(uow(), clock, chat_id=CHAT, card_message_id=77, actor=ADMIN,
                           attachment=Attachment(AttachmentKind.LINK, "https://contoh.id/a"))
    assert updated.attachments == 1
    _, files = await practices.show(uow(), chat_id=CHAT, practice_id=practice.id)
    assert [a.value for a in files] == ["file-id-1", "https://contoh.id/a"]


async def test_resources_seeded_validated_and_removed_by_facilitators(uow, clock, setup) -> None:
    listed = await resources.list_resources(uow(), clock, chat_id=CHAT)
    assert [r.default_key for r in listed] == ["rumah_pendidikan", "ruang_gtk", "ipusnas"]
    for bad in ("javascript:alert(1) x", "ftp://contoh.id berkas", "https://localhost bad", "contoh.id tanpa",
                "https://user@contoh.id x", "https://contoh.id"):
        with pytest.raises(InvalidInput):
            await resources.add_resource(uow(), clock, chat_id=CHAT, telegram_user_id=FRIEND, text=bad)
    added = await resources.add_resource(uow(), clock, chat_id=CHAT, telegram_user_id=FRIEND,
                                         text="https://www.youtube.com/@guru Video eksperimen sains")
    assert added.description == "Video eksperimen sains"
    with pytest.raises(InvalidInput):
        await resources.add_resource(uow(), clock, chat_id=CHAT, telegram_user_id=AUTHOR,
                                     text="https://www.youtube.com/@guru lagi")
    found = await search.search(uow(), chat_id=CHAT, text="eksperimen")
    assert found.resources[added.id].url == "https://www.youtube.com/@guru"
    assert (await search.search(uow(), chat_id=CHAT, text="perpustakaan")).total == 1  # iPusnas
    with pytest.raises(NotAllowed):
        await resources.remove_resource(uow(), clock, chat_id=CHAT, actor=Actor(FRIEND), resource_id=added.id)
    pmm = listed[1]  # Ruang GTK
    with pytest.raises(NotFound):  # another community's facilitator
        await resources.remove_resource(uow(), clock, chat_id=OTHER_CHAT, actor=ADMIN, resource_id=pmm.id)
    await resources.remove_resource(uow(), clock, chat_id=CHAT, actor=ADMIN, resource_id=pmm.id)
    again = await resources.list_resources(uow(), clock, chat_id=CHAT)
    assert pmm.id not in [r.id for r in again] and len(again) == 3  # not seeded again
    assert (await search.search(uow(), chat_id=CHAT, text="pengelolaan kinerja")).total == 0


async def test_digest_section_new_most_useful_and_tip(uow, clock, setup) -> None:
    first, _ = setup
    week = Week(first, clock.now() - timedelta(days=7), clock.now() + timedelta(minutes=1), clock.now())
    async with uow() as unit:
        assert await practices.practices_this_week(unit, week) is None
    practice = await share(uow, clock, "Pojok baca")
    await practices.react(uow(), clock, chat_id=CHAT, telegram_user_id=FRIEND, practice_id=practice.id,
                          reaction=Reaction.USEFUL)
    await resources.list_resources(uow(), clock, chat_id=CHAT)
    async with uow() as unit:
        section = await practices.practices_this_week(unit, week)
    assert [p.title for p in section.new] == ["Pojok baca"]
    assert section.most_useful.id == practice.id and section.tip is not None
