"""/atur (/settings): facilitators set the community up with buttons; /profil (/about):
anyone reads it. Typed values come back as replies to the bot's question."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.community import Community, Frequency, zone_label
from bot.domain.errors import InvalidInput
from bot.domain.member import Actor
from bot.handlers.buttons import Press, chat_id_of, handles, hhmm, one_of, weekday
from bot.handlers.commands import command
from bot.handlers.common import (
    actor,
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    reply,
    require_facilitator,
)
from bot.handlers.context import KombelContext
from bot.handlers.replies import answers
from bot.i18n import Html, Texts, format_time, weekday_name
from bot.services import communities
from bot.services.prompts import PendingPrompt

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


def main_menu(community: Community, _: Texts):
    anonymous = _("setup.button_anonymous_on") if community.allow_anonymous else _("setup.button_anonymous_off")
    return keyboard(
        [button(_("setup.button_name"), ASK.data("name")), button(_("setup.button_domain"), ASK.data("domain"))],
        [button(_("setup.button_norms"), ASK.data("norms")), button(_("setup.button_timezone"), ZONES.data())],
        [button(_("setup.button_language"), LANGUAGES.data()), button(_("setup.button_rhythm"), RHYTHMS.data())],
        [button(anonymous, ANONYMOUS.data()), button(_("setup.button_digest"), DIGESTS.data())],
        [button(_("peer.button_settings"), "pasangan:menu")],
        [button(_("reflections.button_atur"), "rfl:weekly")],
        [button(_("setup.button_done"), DONE.data())],
    )


def back_to_menu(_: Texts):
    """The row that returns to /atur's menu (also under the peers' and reflections' settings)."""
    return [button(_("setup.button_back"), MENU.data())]


def _weekdays(_: Texts, press: Press, *before: object):
    days = [button(weekday_name(day, _.language), press.data(*before, day)) for day in range(7)]
    return [days[0:4], days[4:7]]


def _times(_: Texts, at: Press, ask: Press, *before: object):
    choices = [button(t.replace(":", "." if _.language == "id" else ":"), at.data(*before, t.replace(":", "")))
               for t in TIME_CHOICES]
    return [choices[0:4], choices[4:8], [button(_("setup.button_type_time"), ask.data(*before, "ask"))]]


@group_only
@explains_refusals
async def settings_command(update: Update, context: KombelContext) -> None:
    await require_facilitator(update, context)
    community = await _community(update, context)
    _ = context.texts
    await reply(update, context, _("setup.menu_title") + "\n\n" + summary(community, _),
                reply_markup=main_menu(community, _))


async def _community(update: Update, context: KombelContext) -> Community:
    assert update.effective_chat is not None
    community = await communities.find_community(context.deps.uow(readonly=True), update.effective_chat.id)
    if community is None:
        raise InvalidInput("error.no_community")
    return community


SettingsPress = Callable[..., Coroutine[Any, Any, "Community | None"]]


def _facilitators(press: Press, handler: SettingsPress) -> CallbackQueryHandler:
    """Every /atur press: checked against the person who pressed, then acted on. A handler
    that returns the changed community gets "saved" and the menu back; one that returns None
    has answered the press itself (a sub-menu, a question)."""

    async def on_press(update: Update, context: KombelContext, query: CallbackQuery, *fields: Any) -> None:
        person = await require_facilitator(update, context)
        community = await handler(update, context, query, person, *fields)
        if community is None:
            return
        _ = context.texts
        await query.answer(_("setup.saved") if press is not MENU else None)
        await edit_or_send(update, context, _("setup.menu_title") + "\n\n" + summary(community, _),
                           reply_markup=main_menu(community, _))

    on_press.__name__ = press.name
    return handles(press, on_press, where="group")


async def _save(update: Update, context: KombelContext, person: Actor, field: str, value: str = "",
                **extra: str) -> Community:
    deps = context.deps
    return await communities.change_setting(deps.uow(), deps.clock, chat_id=chat_id_of(update), actor=person,
                                            field=field, value=value, extra=extra)


async def _submenu(update: Update, context: KombelContext, query: CallbackQuery, text: Html, *rows) -> None:
    await query.answer()
    await edit_or_send(update, context, text, reply_markup=keyboard(*rows, back_to_menu(context.texts)))


async def _ask(update: Update, context: KombelContext, query: CallbackQuery, text: Html, kind: str,
               **payload: object) -> None:
    await query.answer()
    await ask_reply(update, context, text, kind=kind,
                    payload={**payload, "menu": query.message.message_id if query.message else None})


async def menu_pressed(update, context, query, person) -> Community:
    return await _community(update, context)


async def done_pressed(update, context, query, person) -> None:
    community = await _community(update, context)
    _ = context.texts
    await query.answer()
    await edit_or_send(update, context, _("setup.saved_title") + "\n\n" + summary(community, _))


async def ask_pressed(update, context, query, person, field: str) -> None:
    await _ask(update, context, query, context.texts(f"setup.ask_{field}"), f"atur.{field}")


async def zones_pressed(update, context, query, person) -> None:
    _ = context.texts
    await _submenu(update, context, query, _("setup.choose_timezone"),
                   [button(zone, ZONE.data(zone)) for zone in ("WIB", "WITA", "WIT")],
                   [button(_("setup.button_other_zone"), ASK.data("timezone"))])


async def zone_pressed(update, context, query, person, zone: str) -> Community:
    return await _save(update, context, person, "timezone", zone)


async def languages_pressed(update, context, query, person) -> None:
    _ = context.texts
    await _submenu(update, context, query, _("setup.choose_language"),
                   [button(_(f"language.{code}"), LANGUAGE.data(code)) for code in ("id", "en")])


async def language_pressed(update, context, query, person, language: str) -> Community:
    community = await _save(update, context, person, "language", language)
    context.language = community.language
    return community


async def anonymous_pressed(update, context, query, person) -> Community:
    current = await _community(update, context)
    return await _save(update, context, person, "anonymous", "off" if current.allow_anonymous else "on")


async def rhythms_pressed(update, context, query, person) -> None:
    _ = context.texts
    await _submenu(update, context, query, _("setup.choose_frequency"),
                   [button(_(f"setup.frequency_{f.value}"), RHYTHM_DAY.data(f.value)) for f in Frequency],
                   [button(_("setup.button_rhythm_off"), RHYTHM_OFF.data("off"))])


async def rhythm_off_pressed(update, context, query, person, _off: str) -> Community:
    return await _save(update, context, person, "rhythm_off")


async def rhythm_day_pressed(update, context, query, person, frequency: str) -> None:
    await _submenu(update, context, query, context.texts("setup.choose_weekday"),
                   *_weekdays(context.texts, RHYTHM_TIME, frequency))


async def rhythm_time_pressed(update, context, query, person, frequency: str, day: int) -> None:
    await _submenu(update, context, query, context.texts("setup.choose_time"),
                   *_times(context.texts, RHYTHM_AT, RHYTHM_ASK, frequency, day))


async def rhythm_ask_pressed(update, context, query, person, frequency: str, day: int, _ask_: str) -> None:
    await _ask(update, context, query, context.texts("setup.ask_time"), "atur.rhythm",
               frequency=frequency, weekday=str(day))


async def rhythm_at_pressed(update, context, query, person, frequency: str, day: int, at: str) -> Community:
    return await _save(update, context, person, "rhythm", at, frequency=frequency, weekday=str(day))


async def digests_pressed(update, context, query, person) -> None:
    _ = context.texts
    await _submenu(update, context, query, _("setup.choose_digest_day"), *_weekdays(_, DIGEST_TIME),
                   [button(_("setup.button_digest_off"), DIGEST_OFF.data("off"))])


async def digest_off_pressed(update, context, query, person, _off: str) -> Community:
    return await _save(update, context, person, "digest_off")


async def digest_time_pressed(update, context, query, person, day: int) -> None:
    await _submenu(update, context, query, context.texts("setup.choose_time"),
                   *_times(context.texts, DIGEST_AT, DIGEST_ASK, day))


async def digest_ask_pressed(update, context, query, person, day: int, _ask_: str) -> None:
    await _ask(update, context, query, context.texts("setup.ask_time"), "atur.digest", weekday=str(day))


async def digest_at_pressed(update, context, query, person, day: int, at: str) -> Community:
    return await _save(update, context, person, "digest", at, weekday=str(day))


@answers("atur")
async def setting_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    """A facilitator replied to one of /atur's questions: save, confirm briefly, and keep the
    menu they came from truthful (it may be far up the chat, so it is edited, not re-sent)."""
    message = update.effective_message
    assert message is not None and update.effective_chat is not None
    field = prompt.kind.split(".", 1)[1]
    extra = {k: str(v) for k, v in prompt.payload.items() if k in ("frequency", "weekday")}
    community = await communities.change_setting(
        context.deps.uow(), context.deps.clock, chat_id=update.effective_chat.id,
        actor=await actor(update, context), field=field, value=message.text or "", extra=extra)
    context.language = community.language
    _ = context.texts
    if isinstance(menu := prompt.payload.get("menu"), int):
        try:
            await context.bot.edit_message_text(
                _("setup.menu_title") + "\n\n" + summary(community, _), chat_id=update.effective_chat.id,
                message_id=menu, reply_markup=main_menu(community, _))
        except BadRequest:
            pass  # deleted or unchanged: the confirmation below still stands
    await reply(update, context, _("setup.saved_typed"), reply_markup=keyboard(
        [button(_("setup.button_continue"), MENU.data()), button(_("setup.button_done"), DONE.data())]))


@group_only
async def profile_command(update: Update, context: KombelContext) -> None:
    assert update.effective_chat is not None
    profile = await communities.profile(context.deps.uow(readonly=True), update.effective_chat.id)
    if profile is None:
        await reply(update, context, context.texts("error.no_community"))
        return
    _ = context.texts
    admins = await context.deps.admins.admins(context.bot, update.effective_chat.id)
    names = list(admins.values()) + [m.full_name for m in profile.cofacilitators if m.telegram_user_id not in admins]
    await reply(update, context, _("profile.text", summary=summary(profile.community, _),
                                   facilitators=", ".join(names) or _("setup.not_set"),
                                   members=_.n("profile.members", profile.member_count)))


def register(application: Application) -> None:
    application.add_handler(command("atur", "settings", settings_command, audience="facilitator"))
    application.add_handler(command("profil", "about", profile_command))
    application.add_handlers([
        _facilitators(MENU, menu_pressed), _facilitators(DONE, done_pressed), _facilitators(ASK, ask_pressed),
        _facilitators(ZONES, zones_pressed), _facilitators(ZONE, zone_pressed),
        _facilitators(LANGUAGES, languages_pressed), _facilitators(LANGUAGE, language_pressed),
        _facilitators(ANONYMOUS, anonymous_pressed),
        _facilitators(RHYTHMS, rhythms_pressed), _facilitators(RHYTHM_OFF, rhythm_off_pressed),
        _facilitators(RHYTHM_DAY, rhythm_day_pressed), _facilitators(RHYTHM_TIME, rhythm_time_pressed),
        _facilitators(RHYTHM_ASK, rhythm_ask_pressed), _facilitators(RHYTHM_AT, rhythm_at_pressed),
        _facilitators(DIGESTS, digests_pressed), _facilitators(DIGEST_OFF, digest_off_pressed),
        _facilitators(DIGEST_TIME, digest_time_pressed), _facilitators(DIGEST_ASK, digest_ask_pressed),
        _facilitators(DIGEST_AT, digest_at_pressed),
    ])

