"""Load every `locales/<lang>/*.po` file (one per feature) into one lookup per language."""

from __future__ import annotations

import html
import re
import textwrap
from datetime import date, datetime
from functools import cache
from pathlib import Path
from string import Formatter
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po

from bot.i18n.formatting import format_date, format_datetime

LANGUAGES = ("id", "en")
LOCALES = Path(__file__).parent / "locales"


_TAG = re.compile(r"<[^>]+>")


class Html(str):
    """Markup that is already safe and must not be escaped again."""


def _escape(value: object) -> str:
    if isinstance(value, Html):
        return str(value)
    return html.escape(str(value), quote=False)


class Catalogs:
    def __init__(self, root: Path = LOCALES) -> None:
        self.messages: dict[str, dict[str, str | tuple[str, ...]]] = {}
        for language in LANGUAGES:
            table: dict[str, str | tuple[str, ...]] = {}
            for path in sorted((root / language).glob("*.po")):
                with path.open("rb") as handle:
                    for message in read_po(handle, locale=language):
                        if not message.id:
                            continue
                        key = message.id if isinstance(message.id, str) else message.id[0]
                        if key in table:
                            raise ValueError(f"{path.name}: duplicate key {key}")
                        string = message.string or ""  # untranslated: lookup falls back to Indonesian
                        table[key] = string if isinstance(string, str) else tuple(string)
            self.messages[language] = table

    def lookup(self, language: str, key: str, count: int | None = None) -> str:
        table = self.messages.get(language) or self.messages["id"]
        entry = table.get(key) or self.messages["id"].get(key)
        if not entry:
            raise KeyError(f"no catalog entry {key!r} for {language}")
        if isinstance(entry, tuple):
            # Indonesian has one form; English has "one" and "other".
            index = 0 if len(entry) == 1 or count == 1 else 1
            return entry[index]
        return entry


class Texts:
    """The catalog in one language: `_ = texts("id"); _("start.group", name=...)`."""

    def __init__(self, catalogs: Catalogs, language: str) -> None:
        self.catalogs = catalogs
        self.language = language if language in LANGUAGES else "id"

    def __call__(self, key: str, /, **params: object) -> Html:
        return self._fill(self.catalogs.lookup(self.language, key), params)

    def n(self, key: str, count: int, /, **params: object) -> Html:
        """A message with a number in it, in the right plural form."""
        return self._fill(self.catalogs.lookup(self.language, key, count), {"count": count, **params})

    def _fill(self, template: str, params: dict[str, object]) -> Html:
        if not params:
            return Html(template)
        return Html(template.format(**{name: _escape(self._shown(value)) for name, value in params.items()}))

    def _shown(self, value: object) -> object:
        """A day or moment a domain error carries is read back in full, in this language
        ("Senin, 23 November 2026, 14.00 WIB"): what the bot understood, never an ISO string."""
        if isinstance(value, datetime) and isinstance(value.tzinfo, ZoneInfo):
            return format_datetime(value, value.tzinfo.key, self.language)
        if isinstance(value, date) and not isinstance(value, datetime):
            return format_date(value, self.language)
        return value


def plain_text(message: str) -> str:
    """A catalog message (HTML) as plain text, for places that show no markup: button pop-up
    alerts, PDF and CSV documents."""
    return html.unescape(_TAG.sub("", message))


SCREEN_WIDTH = 35  # characters a line on a small phone
SCREEN_LINES = 15  # lines a message may take there unless the person asked for a list or a document


def screen_lines(message: str, width: int = SCREEN_WIDTH) -> int:
    """How many lines `message` (HTML) takes on a phone `width` characters wide."""
    return sum(max(1, len(textwrap.wrap(line, width))) for line in plain_text(message).split("\n"))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@cache
def catalogs() -> Catalogs:
    return Catalogs()


def texts(language: str) -> Texts:
    return Texts(catalogs(), language)
