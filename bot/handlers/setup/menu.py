"""What /atur shows: the settings summary (shared with /profil), the typed buttons of its
menu and the keyboards built from them. Features with settings of their own (peer pairs,
the weekly reflection) add their row to the menu with `settings_entry`, so /atur need not
know them, and lead back to it with `back_to_menu`."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.community import Community, Frequency, zone_label
from bot.handlers.buttons import Press, hhmm, one_of, weekday
from bot.handlers.common import button, keyboard
from bot.i18n import Html, Texts, format_time, weekday_name

TYPED_FIELDS = ("name", "domain", "norms", "timezone")
TIME_CHOICES = ("06:00", "07:00", "13:00", "14:00", "15:00", "16:00", "19:00", "20:00")


def summary(community: Community, _: Texts) -> Html:
    """The settings as one short block, shared by /atur and /profil."""
    rhythm = _("setup.rhythm_none")
    if community.rhythm:
        rhythm = _(f"setup.rhythm_{community.rhythm.frequency.value}",
                   day=weekday_name(community.rhythm.weekday, _.language),
                   time=format_time(community.rhythm.at, _.language), zone=zone_label(community.timezone))
    digest = _("setup.digest_off")
    if community.digest_enabled:
        digest = _("setup.digest_on", day=weekday_name(community.digest_weekday, _.language),
                   time=format_time(community.digest_at, _.language))
    return _("setup.summary",
             name=community.display_name,
             domain=community.domain or _("setup.not_set"),
             norms=community.norms or _("setup.not_set"),
             zone=f"{zone_label(community.timezone)} ({community.timezone})",
             language=_(f"language.{community.language}"),
             rhythm=Html(rhythm),
             anonymous=_("setup.yes") if community.allow_anonymous else _("setup.no"),
             digest=Html(digest))


# The /atur buttons: each kind of press, its fields typed (bot/handlers/buttons.py).
_FREQUENCY = one_of(*(f.value for f in Frequency))
MENU = Press("atur", "menu", "menu")
DONE = Press("atur", "done", "done")
ASK = Press("atur", "ask", "ask", one_of(*TYPED_FIELDS))
ZONES = Press("atur", "tz", "zones")
ZONE = Press("atur", "tz", "zone", one_of("WIB", "WITA", "WIT"))
LANGUAGES = Press("atur", "lang", "languages")
LANGUAGE = Press("atur", "lang", "language", one_of("id", "en"))
ANONYMOUS = Press("atur", "anon", "anonymous")
RHYTHMS = Press("atur", "rhythm", "rhythms")
RHYTHM_OFF = Press("atur", "rhythm", "rhythm_off", one_of("off"))
RHYTHM_DAY = Press("atur", "rhythm", "rhythm_day", _FREQUENCY)
RHYTHM_TIME = Press("atur", "rhythm", "rhythm_time", _FREQUENCY, weekday)
RHYTHM_ASK = Press("atur", "rhythm", "rhythm_ask", _FREQUENCY, weekday, one_of("ask"))
RHYTHM_AT = Press("atur", "rhythm", "rhythm_at", _FREQUENCY, weekday, hhmm)
DIGESTS = Press("atur", "digest", "digests")
DIGEST_OFF = Press("atur", "digest", "digest_off", one_of("off"))
DIGEST_TIME = Press("atur", "digest", "digest_time", weekday)
DIGEST_ASK = Press("atur", "digest", "digest_ask", weekday, one_of("ask"))
DIGEST_AT = Press("atur", "digest", "digest_at", weekday, hhmm)

# Other features' settings reached from the menu: (place in the menu, label key, their button).
_ENTRIES: list[tuple[int, str, Press]] = []


def settings_entry(label: str, press: Press, *, order: int) -> None:
    """A feature's own settings get a row of /atur's menu (`label` is a catalog key; rows
    go in `order`, below the community's own settings)."""
    _ENTRIES.append((order, label, press))
    _ENTRIES.sort(key=lambda entry: entry[0])


def main_menu(community: Community, _: Texts) -> InlineKeyboardMarkup:
    anonymous = _("setup.button_anonymous_on") if community.allow_anonymous else _("setup.button_anonymous_off")
    return keyboard(
        [button(_("setup.button_name"), ASK.data("name")), button(_("setup.button_domain"), ASK.data("domain"))],
        [button(_("setup.button_norms"), ASK.data("norms")), button(_("setup.button_timezone"), ZONES.data())],
        [button(_("setup.button_language"), LANGUAGES.data()), button(_("setup.button_rhythm"), RHYTHMS.data())],
        [button(anonymous, ANONYMOUS.data()), button(_("setup.button_digest"), DIGESTS.data())],
        *([button(_(label), press.data())] for _order, label, press in _ENTRIES),
        [button(_("setup.button_done"), DONE.data())],
    )


def back_to_menu(_: Texts) -> list[InlineKeyboardButton]:
    """The row that returns to /atur's menu (also under the peers' and reflections' settings)."""
    return [button(_("setup.button_back"), MENU.data())]


def weekdays(_: Texts, press: Press, *before: object) -> list[list[InlineKeyboardButton]]:
    days = [button(weekday_name(day, _.language), press.data(*before, day)) for day in range(7)]
    return [days[0:4], days[4:7]]


def times(_: Texts, at: Press, ask: Press, *before: object) -> list[list[InlineKeyboardButton]]:
    choices = [button(t.replace(":", "." if _.language == "id" else ":"), at.data(*before, t.replace(":", "")))
               for t in TIME_CHOICES]
    return [choices[0:4], choices[4:8], [button(_("setup.button_type_time"), ask.data(*before, "ask"))]]
