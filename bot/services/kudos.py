"""Appreciation (/apresiasi): a member thanks another for something specific, the group
sees a thank-you card, the weekly digest thanks the week's contributors by name, and the
member's portfolio keeps the appreciation they received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.domain.activity import KUDOS_GIVEN
from bot.domain.clock import Clock
from bot.domain.community import Community, MemberInfo, clean_text
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.member import Member
from bot.domain.privacy import is_erased
from bot.domain.recognition import DAILY_CAP, REASON_MAX
from bot.services.digest_sections import Week, digest_section
from bot.services.personal_data import personal_data
from bot.services.ports import UnitOfWork
from bot.services.report_sections import (
    Audience,
    Label,
    ReportScope,
    SectionContent,
    Stage,
    Table,
    report_section,
)

CANDIDATES_MAX = 30


@dataclass(frozen=True)
class GivenKudos:
    id: int
    community: Community
    giver: Member
    receiver: Member
    reason: str
    left_today: int


@dataclass(frozen=True)
class Receiver:
    """Who is thanked, as the handler found them: the author of the message replied to,
    a member id from a button, or a typed @username."""

    info: MemberInfo | None = None
    is_bot: bool = False
    member_id: int | None = None
    username: str | None = None


def local_day_bounds(community: Community, now: datetime) -> tuple[datetime, datetime]:
    today = now.astimezone(community.zone).date()
    start = datetime.combine(today, time(0), tzinfo=community.zone)
    return start, start + timedelta(days=1)


async def _active_community(uow: UnitOfWork, chat_id: int) -> Community:
    community = await uow.communities.get_by_chat(chat_id)
    if community is None or not community.is_active or community.id is None:
        raise NotFound("error.no_community")
    return community


async def _receiver(uow: UnitOfWork, community: Community, receiver: Receiver, now: datetime) -> Member:
    assert community.id is not None
    if receiver.is_bot:
        raise NotAllowed("kudos.error_bot")
    if receiver.info is not None:
        joined = await uow.members.upsert(receiver.info, now)
        await uow.members.join(community.id, joined.id, now)
        return joined
    if receiver.username:
        found = await uow.kudos.member_by_username(community.id, receiver.username.lstrip("@"))
        if found is None:
            raise NotFound("kudos.error_unknown_username", username=receiver.username.lstrip("@"))
        return found
    if receiver.member_id is not None and receiver.member_id in await uow.reports.member_ids(community.id):
        member = await uow.reports.member(receiver.member_id)
        if member is not None and not is_erased(member.telegram_user_id):
            return member
    raise NotFound("error.not_a_member")


async def check_can_give(uow: UnitOfWork, clock: Clock, *, chat_id: int, giver_telegram_id: int,
                         receiver: Receiver) -> Member:
    """Before asking for the reason: the receiver, if this kudos could be given now."""
    async with uow:
        community = await _active_community(uow, chat_id)
        member = await _check(uow, clock, community, giver_telegram_id, receiver)
        await uow.commit()  # a receiver seen for the first time is registered
        return member


async def _check(uow: UnitOfWork, clock: Clock, community: Community, giver_telegram_id: int,
                 receiver: Receiver) -> Member:
    assert community.id is not None
    giver = await uow.members.get_by_telegram_id(giver_telegram_id)
    if giver is None:
        raise NotAllowed("kudos.error_no_giver")
    target = await _receiver(uow, community, receiver, clock.now())
    if target.id == giver.id:
        raise NotAllowed("kudos.error_self")
    start, end = local_day_bounds(community, clock.now())
    if await uow.kudos.count_given(community.id, giver.id, start, end) >= DAILY_CAP:
        raise NotAllowed("kudos.error_cap", cap=DAILY_CAP)
    return target


async def give_kudos(uow: UnitOfWork, clock: Clock, *, chat_id: int, giver_telegram_id: int,
                     receiver: Receiver, reason: str) -> GivenKudos:
    """Thank a member, within the giver's daily cap; never oneself, never a bot."""
    now = clock.now()
    async with uow:
        community = await _active_community(uow, chat_id)
        assert community.id is not None
        text = clean_text(reason, max_len=REASON_MAX, min_len=3)
        target = await _check(uow, clock, community, giver_telegram_id, receiver)
        giver = await uow.members.get_by_telegram_id(giver_telegram_id)
        assert giver is not None
        kudos_id = await uow.kudos.add(community.id, giver.id, target.id, text, now)
        await uow.activity.add(community.id, giver.id, KUDOS_GIVEN, now)
        start, end = local_day_bounds(community, now)
        left = DAILY_CAP - await uow.kudos.count_given(community.id, giver.id, start, end)
        await uow.commit()
        return GivenKudos(kudos_id, community, giver, target, text, left)


async def candidates(uow: UnitOfWork, *, chat_id: int, giver_telegram_id: int) -> list[Member]:
    """Members a giver may pick from a button list: everyone but themselves and erased rows."""
    async with uow:
        community = await _active_community(uow, chat_id)
        assert community.id is not None
        people = await uow.members.list(community.id, limit=CANDIDATES_MAX + 1)
        return [s.member for s in people
                if s.member.telegram_user_id != giver_telegram_id
                and not is_erased(s.member.telegram_user_id)][:CANDIDATES_MAX]


# --- weekly digest -------------------------------------------------------------------------

@dataclass(frozen=True)
class KudosWeek:
    count: int
    thanked: list[str]  # names, alphabetical: a thank-you, never a ranking


@digest_section("kudos", order=60)
async def kudos_digest(uow: UnitOfWork, week: Week) -> KudosWeek | None:
    if week.community.id is None:
        return None
    given = await uow.kudos.in_communities([week.community.id], week.start, week.end)
    if not given:
        return None
    names = sorted({k.receiver.name for k in given if not k.receiver.erased}, key=str.casefold)
    return KudosWeek(len(given), names)


# --- reports -------------------------------------------------------------------------------

@report_section("kudos", order=60)
async def kudos_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    given = await uow.kudos.in_communities(scope.community_ids, scope.start, scope.end)
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        received = [k for k in given if k.receiver.member_id == scope.member.id]
        sent = sum(1 for k in given if k.giver.member_id == scope.member.id)
        if not received and not sent:
            return None
        rows = [(k.given_at, scope.community_name(k.community_id), k.giver, k.reason or "")
                for k in received]
        return SectionContent(
            "report.kudos_title_portfolio", stage=Stage.FEEDBACK,
            paragraphs=[Label("report.kudos_portfolio", {"received": len(received), "given": sent})],
            tables=[Table("appreciation_received",
                          ("report.col_date", "report.col_community", "report.col_from", "report.col_reason"),
                          rows)])
    if not given:
        return None
    people = {k.receiver.member_id for k in given}
    given_rows = [(k.given_at, k.giver, k.receiver, k.reason or "") for k in given]
    return SectionContent(
        "report.kudos_title",
        paragraphs=[Label("report.kudos_summary", {"count": len(given), "people": len(people)})],
        tables=[Table("appreciation", ("report.col_date", "report.col_from", "report.col_to",
                                       "report.col_reason"), given_rows)])


# --- personal data -------------------------------------------------------------------------

@personal_data("appreciation", order=40, tables=("kudos",))
class KudosData:
    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        given, received = [], []
        for k in await uow.kudos.involving(member.id):
            entry = {"community_id": k.community_id, "given_at": k.given_at.isoformat(), "reason": k.reason}
            if k.giver.member_id == member.id:
                given.append({**entry, "to": k.receiver.name})
            if k.receiver.member_id == member.id:
                received.append({**entry, "from": k.giver.name})
        return {"given": given, "received": received}

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # The thank-yous still count; their words (which often name the person) go.
        await uow.kudos.clear_reasons(member.id)
