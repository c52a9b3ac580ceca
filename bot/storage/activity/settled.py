"""Reading interaction counts only after the ones waiting in memory are stored.

Interactions are counted in memory and stored every few seconds (bot/services/members/
activity_counts.py); a report, a digest or /datasaya must count the last seconds too. So a
unit of work that reads them is opened with `uow(readonly=True, activity=True)`, which stores
what waits before it begins, and the repository methods that read interaction counts refuse
to run in any other (when the bot has such a buffer): a new reader cannot forget.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.activity import INTERACTION_KINDS

SETTLED = "kombel_activity_settled"  # session.info: True flushed first, False counts may wait


def require_settled(session: AsyncSession, kinds: Sequence[str] | None = None) -> None:
    """Raise when this unit of work may read interaction counts still waiting in memory."""
    if session.info.get(SETTLED) is False and (kinds is None or not set(INTERACTION_KINDS).isdisjoint(kinds)):
        raise AssertionError("interaction counts may wait in memory: open the unit of work "
                             "with uow(readonly=True, activity=True)")
