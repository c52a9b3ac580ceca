"""Action plans: agree what someone will try, by when; the reminder and check-in; done, moved
or dropped. The use cases live in `use_cases`, what they need from storage in `ports`. (An
action's part of the digest, the reports and the personal-data export is told with the
problem it came from, in `bot.services.problems`.)"""

from bot.services.actions.use_cases import (
    action_due,
    ActionCard,
    check_action,
    check_when,
    finish_action,
    move_action,
    my_actions,
    plan_action,
    RECENT,
    show_action,
)

__all__ = [
    "action_due",
    "ActionCard",
    "check_action",
    "check_when",
    "finish_action",
    "move_action",
    "my_actions",
    "plan_action",
    "RECENT",
    "show_action",
]
