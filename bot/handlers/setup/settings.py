"""/atur (/settings): facilitators set the community up with buttons, one handler per press
(what the menu shows is in `menu`). Typed values come back as replies to the bot's question."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.domain.community import Community, Frequency
from bot.domain.errors import InvalidInput
from bot.domain.member import Actor
from bot.handlers.buttons import Press, chat_id_of, handles
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
from bot.handlers.setup.menu import (
    ANONYMOUS,
    ASK,
    DIGEST_ASK,
    DIGEST_AT,
    DIGEST_OFF,
    DIGEST_TIME,
    DIGESTS,
    DONE,
    LANGUAGE,
    LANGUAGES,
    MENU,
    RHYTHM_ASK,
    RHYTHM_AT,
    RHYTHM_DAY,
    RHYTHM_OFF,
    RHYTHM_TIME,
    RHYTHMS,
    ZONE,
    ZONES,
    back_to_menu,
    main_menu,
    summary,
    times,
    weekdays,
)
from bot.i18n import Html
from bot.services import communities
from bot.services.prompts import PendingPrompt


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


def facilitators(press: Press, handler: SettingsPress) -> CallbackQueryHandler:
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
                   *weekdays(context.texts, RHYTHM_TIME, frequency))


async def rhythm_time_pressed(update, context, query, person, frequency: str, day: int) -> None:
    await _submenu(update, context, query, context.texts("setup.choose_time"),
                   *times(context.texts, RHYTHM_AT, RHYTHM_ASK, frequency, day))


async def rhythm_ask_pressed(update, context, query, person, frequency: str, day: int, _ask_: str) -> None:
    await _ask(update, context, query, context.texts("setup.ask_time"), "atur.rhythm",
               frequency=frequency, weekday=str(day))


async def rhythm_at_pressed(update, context, query, person, frequency: str, day: int, at: str) -> Community:
    return await _save(update, context, person, "rhythm", at, frequency=frequency, weekday=str(day))


async def digests_pressed(update, context, query, person) -> None:
    _ = context.texts
    await _submenu(update, context, query, _("setup.choose_digest_day"), *weekdays(_, DIGEST_TIME),
                   [button(_("setup.button_digest_off"), DIGEST_OFF.data("off"))])


async def digest_off_pressed(update, context, query, person, _off: str) -> Community:
    return await _save(update, context, person, "digest_off")


async def digest_time_pressed(update, context, query, person, day: int) -> None:
    await _submenu(update, context, query, context.texts("setup.choose_time"),
                   *times(context.texts, DIGEST_AT, DIGEST_ASK, day))


async def digest_ask_pressed(update, context, query, person, day: int, _ask_: str) -> None:
    await _ask(update, context, query, context.texts("setup.ask_time"), "atur.digest", weekday=str(day))


async def digest_at_pressed(update, context, query, person, day: int, at: str) -> Community:
    return await _save(update, context, person, "digest", at, weekday=str(day))


# Every /atur button and its handler, registered by `facilitators` (bot/handlers/setup/__init__.py).
PRESSES: tuple[tuple[Press, SettingsPress], ...] = (
    (MENU, menu_pressed), (DONE, done_pressed), (ASK, ask_pressed),
    (ZONES, zones_pressed), (ZONE, zone_pressed),
    (LANGUAGES, languages_pressed), (LANGUAGE, language_pressed),
    (ANONYMOUS, anonymous_pressed),
    (RHYTHMS, rhythms_pressed), (RHYTHM_OFF, rhythm_off_pressed),
    (RHYTHM_DAY, rhythm_day_pressed), (RHYTHM_TIME, rhythm_time_pressed),
    (RHYTHM_ASK, rhythm_ask_pressed), (RHYTHM_AT, rhythm_at_pressed),
    (DIGESTS, digests_pressed), (DIGEST_OFF, digest_off_pressed),
    (DIGEST_TIME, digest_time_pressed), (DIGEST_ASK, digest_ask_pressed),
    (DIGEST_AT, digest_at_pressed),
)


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
