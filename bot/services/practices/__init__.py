"""Good practices and learning resources: the community's library.

The use cases of sharing, tagging, reacting to and browsing practices live in `use_cases`;
`resources` is /sumber (the national platforms and the links members add); `digest` and
`report` are the library's parts of the weekly digest and of the reports; `ports` is what it
needs from storage. This module exposes the practices' use cases."""

from bot.services.practices.digest import NEW_IN_DIGEST, PracticesWeek, practices_this_week
from bot.services.practices.use_cases import (
    KIND,
    LIBRARY_PAGE,
    LibraryPage,
    attach,
    card_posted,
    create_draft,
    document,
    library,
    react,
    show,
    tag,
)

__all__ = [
    "attach",
    "card_posted",
    "create_draft",
    "document",
    "KIND",
    "library",
    "LIBRARY_PAGE",
    "LibraryPage",
    "NEW_IN_DIGEST",
    "practices_this_week",
    "PracticesWeek",
    "react",
    "show",
    "tag",
]
