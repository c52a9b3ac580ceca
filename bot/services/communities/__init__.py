"""A community's life: the bot joins or leaves a group, the group becomes a supergroup,
facilitators change the setup, anyone reads the profile. The use cases live in
`use_cases`; `ports` is what they need from storage."""

from bot.services.communities.use_cases import (
    bot_added,
    bot_removed,
    change_setting,
    chat_migrated,
    communities_of,
    DIGEST_FIELDS,
    find_community,
    Joined,
    Profile,
    profile,
    SETTING_FIELDS,
)

__all__ = [
    "bot_added",
    "bot_removed",
    "change_setting",
    "chat_migrated",
    "communities_of",
    "DIGEST_FIELDS",
    "find_community",
    "Joined",
    "Profile",
    "profile",
    "SETTING_FIELDS",
]
