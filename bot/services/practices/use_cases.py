"""Good practices: shared in the group with a guided flow, tagged with buttons, reacted to,
given files and links, and found again through /pustaka and /cari."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.activity import PRACTICE_SHARED
from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor, Member
from bot.domain.practices import (
    ATTACHMENTS_MAX,
    Attachment,
    Category,
    Practice,
    Reaction,
    parse_category,
    parse_level,
    parse_result,
    parse_steps,
    parse_subject,
    parse_title,
)
from bot.domain.search import SearchDocument
from bot.services import search
from bot.services.lookup import active_community
from bot.services.members import is_facilitator
from bot.services.ports import UnitOfWork

KIND = "practice"
LIBRARY_PAGE = 5


@dataclass(frozen=True)
class LibraryPage:
    community: Community
    practices: tuple[Practice, ...]
    category: Category | None
    most_useful: bool
    page: int
    pages: int
    total: int


def document(practice: Practice) -> SearchDocument:
    body = "\n".join(part for part in (practice.steps, practice.result, practice.subject) if part)
    return SearchDocument(practice.community_id, KIND, practice.id, practice.title, body)


async def _in_community(uow: UnitOfWork, chat_id: int, telegram_user_id: int) -> tuple[Community, Member]:
    community = await active_community(uow, chat_id)
    assert community.id is not None
    member = await uow.members.get_by_telegram_id(telegram_user_id)
    if member is None or await uow.members.role(community.id, telegram_user_id) is None:
        raise NotAllowed("error.not_a_member")
    return community, member


async def _practice(uow: UnitOfWork, community: Community, practice_id: int, *,
                    published: bool = True) -> Practice:
    practice = await uow.practices.get(practice_id)
    if practice is None or practice.community_id != community.id or practice.published != published:
        raise NotFound("practices.not_found")
    return practice


async def create_draft(uow: UnitOfWork, clock: Clock, *, chat_id: int, telegram_user_id: int, title: str,
                       steps: str, result: str, subject: str | None = None, problem_id: int | None = None,
                       action_id: int | None = None) -> Practice:
    """The typed part of a practice; it stays unseen until its author has tagged it."""
    title, steps, result = parse_title(title), parse_steps(steps), parse_result(result)
    subject = parse_subject(subject)
    async with uow:
        community, member = await _in_community(uow, chat_id, telegram_user_id)
        assert community.id is not None
        practice = await uow.practices.add(Practice(
            id=0, community_id=community.id, member_id=member.id, author_name=member.full_name,
            problem_id=problem_id, action_id=action_id, title=title, steps=steps, result=result,
            subject=subject), clock.now())
        await uow.commit()
        return practice


async def tag(uow: UnitOfWork, clock: Clock, *, chat_id: int, telegram_user_id: int, practice_id: int,
              category: str, level: str | None = None) -> Practice:
    """Its author picks the category, then the level; the level publishes the practice."""
    chosen = parse_category(category)
    chosen_level = parse_level(level) if level is not None else None
    async with uow:
        community, member = await _in_community(uow, chat_id, telegram_user_id)
        practice = await _practice(uow, community, practice_id, published=False)
        if practice.member_id != member.id:
            raise NotAllowed("practices.author_only")
        practice = replace(practice, category=chosen, level=chosen_level, published=chosen_level is not None)
        await uow.practices.save(practice, clock.now())
        if practice.published:  # only a draft gets here, so this happens once
            await search.index(uow, clock.now(), document(practice))
            await uow.activity.add(practice.community_id, member.id, PRACTICE_SHARED, clock.now())
        await uow.commit()
        return practice


async def card_posted(uow: UnitOfWork, *, practice_id: int, chat_id: int, message_id: int) -> None:
    async with uow:
        await uow.practices.set_card(practice_id, chat_id, message_id)
        await uow.commit()


async def react(uow: UnitOfWork, clock: Clock, *, chat_id: int, telegram_user_id: int, practice_id: int,
                reaction: Reaction) -> tuple[Practice, bool]:
    """Toggle "useful" or "I will try" (one of each per member); (practice, now on).

    A "will try" row is what the actions feature turns into an action with one more tap."""
    async with uow:
        community, member = await _in_community(uow, chat_id, telegram_user_id)
        practice = await _practice(uow, community, practice_id)
        on = await uow.practices.toggle_reaction(practice.id, member.id, reaction, clock.now())
        await uow.commit()
        updated = await uow.practices.get(practice.id)
        assert updated is not None
        return updated, on


async def attach(uow: UnitOfWork, clock: Clock, *, chat_id: int, card_message_id: int, actor: Actor,
                 attachment: Attachment) -> Practice | None:
    """A file or link sent in reply to a practice card (None: that message is not one).
    Only its author or a facilitator adds to it."""
    async with uow:
        practice = await uow.practices.by_message(chat_id, card_message_id)
        if practice is None:
            return None
        community = await uow.communities.get(practice.community_id)
        member = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        assert community is not None
        if (member is None or member.id != practice.member_id) and not await is_facilitator(uow, community, actor):
            raise NotAllowed("practices.author_only")
        if practice.attachments >= ATTACHMENTS_MAX:
            raise InvalidInput("practices.too_many_attachments", max=ATTACHMENTS_MAX)
        await uow.practices.add_attachment(practice.id, attachment, clock.now())
        await uow.commit()
        return await uow.practices.get(practice.id)


async def show(uow: UnitOfWork, *, chat_id: int, practice_id: int) -> tuple[Practice, list[Attachment]]:
    async with uow:
        community = await active_community(uow, chat_id)
        practice = await _practice(uow, community, practice_id)
        return practice, await uow.practices.attachments(practice.id)


async def library(uow: UnitOfWork, *, chat_id: int, category: str | None = None, most_useful: bool = False,
                  page: int = 0) -> LibraryPage:
    chosen = parse_category(category) if category else None
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        total = await uow.practices.count_published(community.id, category=chosen)
        pages = max(1, -(-total // LIBRARY_PAGE))
        page = max(0, min(page, pages - 1))
        items = await uow.practices.published(community.id, category=chosen, most_useful=most_useful,
                                              offset=page * LIBRARY_PAGE, limit=LIBRARY_PAGE)
        return LibraryPage(community, tuple(items), chosen, most_useful, page, pages, total)
