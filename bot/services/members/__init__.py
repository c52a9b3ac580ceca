"""Members, roles and the one check every facilitator action goes through, and the
interaction step that runs before every update. The use cases live in `use_cases`; `ports`
is what they need from storage."""

from bot.services.members.use_cases import (
    check_facilitator,
    Interaction,
    is_facilitator,
    known_here,
    list_members,
    MEMBERS_PAGE_SIZE,
    members_slice,
    private_chat_started,
    PROCESSED_UPDATE_RETENTION,
    purge_processed_updates,
    record_interaction,
    require_facilitator,
    toggle_cofacilitator,
)

__all__ = [
    "check_facilitator",
    "Interaction",
    "is_facilitator",
    "known_here",
    "list_members",
    "MEMBERS_PAGE_SIZE",
    "members_slice",
    "private_chat_started",
    "PROCESSED_UPDATE_RETENTION",
    "purge_processed_updates",
    "record_interaction",
    "require_facilitator",
    "toggle_cofacilitator",
]
