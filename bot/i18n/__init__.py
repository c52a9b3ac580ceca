"""Message catalogs (gettext .po files, Indonesian and English) and locale-aware formatting.

Catalog keys are symbolic (`start.group`), so a missing translation is visible and testable
instead of silently falling back to the other language. Every message is HTML: parameters
are escaped when they are filled in, unless wrapped in `Html` (already-safe markup).
"""

from bot.i18n.catalog import LANGUAGES, Catalogs, Html, Texts, catalogs, plain_text, screen_lines, texts
from bot.i18n.formatting import format_date, format_day_month, format_datetime, format_short_date, format_time, weekday_name

__all__ = [
    "LANGUAGES", "Catalogs", "Html", "Texts", "catalogs", "plain_text", "screen_lines", "texts",
    "format_date", "format_day_month", "format_datetime", "format_short_date", "format_time", "weekday_name",
]
