"""/dataku gives everything the bot holds about a person; /hapusdataku leaves no personal
data behind while the community's counts stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from bot.domain.activity import MEETING_ATTENDED
from bot.domain.member import Actor
from bot.domain.outbox import Planned
from bot.services import kudos, peers, personal_data, prompts
from bot.services.delivery import outbox
from bot.services.kudos import Receiver
from bot.storage.schema import Base
from tests.services import reports_fixtures as fx

CHAT = -100444


async def _budi_everywhere(uow, clock):
    community = await fx.community(uow, clock, CHAT, "KKG Matematika")
    sari = await fx.member(uow, clock, CHAT, 1, "Sari", private=True)
    budi = await fx.member(uow, clock, CHAT, 7_777_001, "Budiman", last_name="Santosa",
                           username="budiman_s", private=True)
    await fx.activity(uow, community.id, budi.id, MEETING_ATTENDED, clock.now())
    await kudos.give_kudos(uow(), clock, chat_id=CHAT, giver_telegram_id=1, receiver=Receiver(member_id=budi.id),
                           reason="Terima kasih Pak Budiman atas modulnya")
    await kudos.give_kudos(uow(), clock, chat_id=CHAT, giver_telegram_id=7_777_001,
                           receiver=Receiver(member_id=sari.id), reason="Salam hangat dari Budiman")
    await prompts.ask(uow(), clock, chat_id=CHAT, message_id=55, user_id=7_777_001, kind="apresiasi.reason",
                      payload={"to": sari.id})
    async with uow() as work:
        await outbox.plan(work, clock, Planned(key="test:budi", kind="peer_intro",
                                               due_at=clock.now() + timedelta(days=1), member_id=budi.id))
        await work.commit()
    await peers.toggle_pairs(uow(), clock, chat_id=CHAT, actor=Actor(1, True))
    await peers.set_opted_out(uow(), clock, community_id=community.id, telegram_user_id=7_777_001, out=True)
    return community, sari, budi


async def test_my_data_has_every_provider_and_my_records(uow, clock) -> None:
    await _budi_everywhere(uow, clock)
    document = await personal_data.my_data(uow(), clock, telegram_user_id=7_777_001)
    assert set(document) >= {"format_version", "exported_at", *personal_data.PROVIDERS}
    assert document["member"]["profile"]["username"] == "budiman_s"
    assert document["member"]["memberships"][0]["community"] == "KKG Matematika"
    assert {e["kind"] for e in document["activity"]["events"]} == {"command", MEETING_ATTENDED, "kudos_given"}
    assert document["appreciation"]["received"][0]["reason"] == "Terima kasih Pak Budiman atas modulnya"
    assert document["appreciation"]["given"][0]["to"] == "Sari"
    assert document["messages"]["open_questions"][0]["kind"] == "apresiasi.reason"
    assert document["messages"]["scheduled_messages"][0]["kind"] == "peer_intro"


async def _all_rows(engine) -> str:
    async with engine.connect() as connection:
        dump = []
        for table in Base.metadata.sorted_tables:
            rows = (await connection.execute(text(f'SELECT * FROM "{table.name}"'))).all()
            dump += [f"{table.name}: {row}" for row in rows]
    return "\n".join(dump)


async def _counts(engine) -> dict[str, int]:
    async with engine.connect() as connection:
        return {name: (await connection.execute(text(f'SELECT count(*) FROM "{name}"'))).scalar_one()
                for name in ("activity", "kudos", "member")}


async def test_erasing_leaves_no_personal_data_and_keeps_counts(uow, clock, engine) -> None:
    community, sari, budi = await _budi_everywhere(uow, clock)
    before = await _counts(engine)
    assert "Budiman" in await _all_rows(engine)

    assert await personal_data.erase_my_data(uow(), clock, telegram_user_id=7_777_001)

    dump = await _all_rows(engine)
    for trace in ("Budiman", "Santosa", "budiman_s", "7777001"):
        assert trace not in dump, trace
    assert await _counts(engine) == before  # activity, kudos and the (anonymised) member row stay
    async with uow() as work:
        assert await work.members.get_by_telegram_id(7_777_001) is None
        assert [k.receiver.erased for k in await work.kudos.involving(sari.id)] == [True, False]
        assert await work.members.count(community.id) == 1  # only Sari is listed now
        assert await work.peers.opted_out(community.id) == set()
    assert not await personal_data.erase_my_data(uow(), clock, telegram_user_id=7_777_001)  # twice: harmless
    # Sari's own data is untouched.
    assert (await personal_data.my_data(uow(), clock, telegram_user_id=1))["member"]["profile"]["first_name"] == "Sari"


async def test_coming_back_after_erasing_starts_fresh(uow, clock) -> None:
    await _budi_everywhere(uow, clock)
    await personal_data.erase_my_data(uow(), clock, telegram_user_id=7_777_001)
    again = await fx.member(uow, clock, CHAT, 7_777_001, "Budiman")
    document = await personal_data.my_data(uow(), clock, telegram_user_id=7_777_001)
    assert document["appreciation"] == {"given": [], "received": []}
    assert [e["kind"] for e in document["activity"]["events"]] == ["command"]
    assert again.id != (await personal_data.my_data(uow(), clock, telegram_user_id=1))["member"]["profile"]["id"]
