"""A member's own data (/dataku) and erasing it (/hapusdataku): the shared machinery.

`registry` is where each feature registers its provider (`@personal_data(...)`, in the
feature's own `personal_data.py`), `providers` lists them all (so no caller need know which
features hold personal data), `use_cases` runs them, `foundation` covers the
foundation's tables (member, memberships, activity, prompts, scheduled messages) and `ports`
is what it needs from storage (bot/storage/personal_data)."""

from bot.services.personal_data.registry import (
    FORMAT_VERSION,
    personal_data,
    Provider,
    PROVIDERS,
    ordered_providers,
    Registered,
)
from bot.services.personal_data.use_cases import erase_my_data, my_data
from bot.services.personal_data.foundation import ActivityData, MemberData, MessageData

__all__ = [
    "ActivityData",
    "erase_my_data",
    "FORMAT_VERSION",
    "MemberData",
    "MessageData",
    "my_data",
    "ordered_providers",
    "personal_data",
    "Provider",
    "PROVIDERS",
    "Registered",
]
