"""What `kombel status` reports, and when it calls the bot unhealthy (exit status 1).

The numbers are the operator's questions: is the database there and at the latest schema,
is the bot handling updates, is the outgoing queue moving, did messages fail for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# A due message still waiting after this long means no dispatcher is running (or it is stuck):
# a healthy one sends within seconds, and a big fan-out (20 messages a minute into one group)
# within minutes.
STUCK_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class OperatorStatus:
    schema_revision: str | None  # None: the database has no schema yet
    head_revision: str
    updates_last_minute: int
    updates_last_hour: int
    backlog: int  # messages due now, not sent yet
    oldest_due_age: timedelta | None
    failed: int  # messages given up on (kept until the cleanup removes them)

    @property
    def schema_up_to_date(self) -> bool:
        return self.schema_revision == self.head_revision

    def problems(self) -> list[str]:
        """What makes the bot unhealthy, one line each (empty: healthy)."""
        found = []
        if not self.schema_up_to_date:
            found.append(f"schema {self.schema_revision or 'missing'}, latest {self.head_revision}: "
                         "run `kombel migrate` (or start the bot, which migrates)")
        if self.oldest_due_age is not None and self.oldest_due_age > STUCK_AFTER:
            minutes = int(self.oldest_due_age.total_seconds() // 60)
            found.append(f"the oldest due message has waited {minutes} min: is `kombel run` running?")
        return found
