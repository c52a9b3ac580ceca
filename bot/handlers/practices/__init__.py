"""Good practices and learning resources in the group: `sharing` (/praktik: the guided flow,
the tags, the card with its reactions and attachments), `library` (/pustaka: browsing),
`resources` (/sumber) and `digest` (the library's part of the weekly digest)."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.practices import digest, library, resources, sharing  # noqa: F401  (digest renders a section)


def register(application: Application) -> None:
    sharing.register(application)
    library.register(application)
    resources.register(application)
