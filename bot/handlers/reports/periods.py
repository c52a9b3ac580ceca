"""The period both reports ask for: buttons for the usual ones, or typed dates, and the
period as a caption reads it."""

from __future__ import annotations

from babel.dates import format_date as babel_date
from telegram import InlineKeyboardMarkup

from bot.domain.periods import Period, PeriodChoice
from bot.handlers.buttons import Press, one_of
from bot.handlers.common import button, keyboard
from bot.i18n import Texts, texts

CHOICE = one_of(*(choice.value for choice in PeriodChoice))


def period_keyboard(_: Texts, period: Press, ask: Press) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("report.button_month"), period.data(PeriodChoice.MONTH.value))],
        [button(_("report.button_quarter"), period.data(PeriodChoice.QUARTER.value))],
        [button(_("report.button_semester"), period.data(PeriodChoice.SEMESTER.value))],
        [button(_("report.button_range"), ask.data())],
    )


def period_text(period: Period, language: str) -> str:
    """`1 November 2026 – 22 November 2026`: short enough for a caption on a phone."""
    locale = "id_ID" if language == "id" else "en_GB"
    first, last = (babel_date(day, "d MMMM y", locale=locale) for day in (period.first_day, period.last_day))
    return texts(language)("report.period", first=first, last=last)
