"""/atur (/settings): facilitators set the community up with buttons; /profil (/about):
anyone reads it. Typed values come back as replies to the bot's question."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.community import Community, Frequency, zone_label
from bot.domain.errors import InvalidInput
from bot.handlers.commands import command
from bot.handlers.common import (
    actor,
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    parse_callback,
    reply,
    require_facilitator,
)
from bot.handlers.context import KombelContext
from bot.handlers.replies import answers
from bot.i18n import Html, Texts, format_time, weekday_name
from bot.services import communities
from bot.services.ports import PendingPrompt

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


def main_menu(community: Community, _: Texts):
    anonymous = _("setup.button_anonymous_on") if community.allow_anonymous else _("setup.button_anonymous_off")
    return keyboard(
        [button(_("setup.button_name"), "atur:ask:name"), button(_("setup.button_domain"), "atur:ask:domain")],
        [button(_("setup.button_norms"), "atur:ask:norms"), button(_("setup.button_timezone"), "atur:tz")],
        [button(_("setup.button_language"), "atur:lang"), button(_("setup.button_rhythm"), "atur:rhythm")],
        [button(anonymous, "atur:anon"), button(_("setup.button_digest"), "atur:digest")],
        [button(_("peer.button_settings"), "pasangan:menu")],
        [button(_("reflections.button_atur"), "rfl:weekly")],
        [button(_("setup.button_done"), "atur:done")],
    )


def _back(_: Texts):
    return [button(_("setup.button_back"), "atur:menu")]


def _weekdays(_: Texts, prefix: str):
    days = [button(weekday_name(day, _.language), f"{prefix}:{day}") for day in range(7)]
    return [days[0:4], days[4:7]]


def _times(_: Texts, prefix: str):
    choices = [button(at.replace(":", "." if _.language == "id" else ":"), f"{prefix}:{at.replace(':', '')}")
               for at in TIME_CHOICES]
    return [choices[0:4], choices[4:8], [button(_("setup.button_type_time"), f"{prefix}:ask")]]


def _hhmm(value: str) -> str:
    if len(value) != 4 or not value.isdigit():
        raise InvalidInput("error.stale_button")
    return f"{value[:2]}:{value[2:]}"


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


@explains_refusals
async def settings_button(update: Update, context: KombelContext) -> None:
    """Every press is checked against the person who pressed, then acted on."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parts = parse_callback(query.data, "atur")
    if not parts:
        raise InvalidInput("error.stale_button")
    person = await require_facilitator(update, context)
    _ = context.texts
    chat_id = update.effective_chat.id
    deps = context.deps

    async def save(field: str, value: str = "", **extra: str) -> Community:
        return await communities.change_setting(deps.uow(), deps.clock, chat_id=chat_id, actor=person,
                                                field=field, value=value, extra=extra)

    action, args = parts[0], parts[1:]
    match action, args:
        case "menu", []:
            community = await _community(update, context)
        case "done", []:
            community = await _community(update, context)
            await query.answer()
            await edit_or_send(update, context, _("setup.saved_title") + "\n\n" + summary(community, _))
            return
        case "ask", [field] if field in TYPED_FIELDS:
            await query.answer()
            await ask_reply(update, context, _(f"setup.ask_{field}"), kind=f"atur.{field}",
                            payload={"menu": query.message.message_id if query.message else None})
            return
        case "tz", []:
            await query.answer()
            await edit_or_send(update, context, _("setup.choose_timezone"), reply_markup=keyboard(
                [button("WIB", "atur:tz:WIB"), button("WITA", "atur:tz:WITA"), button("WIT", "atur:tz:WIT")],
                [button(_("setup.button_other_zone"), "atur:ask:timezone")], _back(_)))
            return
        case "tz", [zone] if zone in ("WIB", "WITA", "WIT"):
            community = await save("timezone", zone)
        case "lang", []:
            await query.answer()
            await edit_or_send(update, context, _("setup.choose_language"), reply_markup=keyboard(
                [button(_("language.id"), "atur:lang:id"), button(_("language.en"), "atur:lang:en")], _back(_)))
            return
        case "lang", [language] if language in ("id", "en"):
            community = await save("language", language)
            context.language = community.language
            _ = context.texts
        case "anon", []:
            current = await _community(update, context)
            community = await save("anonymous", "off" if current.allow_anonymous else "on")
        case "rhythm", []:
            await query.answer()
            await edit_or_send(update, context, _("setup.choose_frequency"), reply_markup=keyboard(
                [button(_(f"setup.frequency_{f.value}"), f"atur:rhythm:{f.value}") for f in Frequency],
                [button(_("setup.button_rhythm_off"), "atur:rhythm:off")], _back(_)))
            return
        case "rhythm", ["off"]:
            community = await save("rhythm_off")
        case "rhythm", [frequency] if frequency in Frequency._value2member_map_:
            await query.answer()
            await edit_or_send(update, context, _("setup.choose_weekday"),
                               reply_markup=keyboard(*_weekdays(_, f"atur:rhythm:{frequency}"), _back(_)))
            return
        case "rhythm", [frequency, weekday] if frequency in Frequency._value2member_map_:
            await query.answer()
            await edit_or_send(update, context, _("setup.choose_time"),
                               reply_markup=keyboard(*_times(_, f"atur:rhythm:{frequency}:{weekday}"), _back(_)))
            return
        case "rhythm", [frequency, weekday, "ask"]:
            await query.answer()
            await ask_reply(update, context, _("setup.ask_time"), kind="atur.rhythm",
                            payload={"frequency": frequency, "weekday": weekday,
                                     "menu": query.message.message_id if query.message else None})
            return
        case "rhythm", [frequency, weekday, at]:
            community = await save("rhythm", _hhmm(at), frequency=frequency, weekday=weekday)
        case "digest", []:
            await query.answer()
            await edit_or_send(update, context, _("setup.choose_digest_day"), reply_markup=keyboard(
                *_weekdays(_, "atur:digest"), [button(_("setup.button_digest_off"), "atur:digest:off")], _back(_)))
            return
        case "digest", ["off"]:
            community = await save("digest_off")
        case "digest", [weekday]:
            await query.answer()
            await edit_or_send(update, context, _("setup.choose_time"),
                               reply_markup=keyboard(*_times(_, f"atur:digest:{weekday}"), _back(_)))
            return
        case "digest", [weekday, "ask"]:
            await query.answer()
            await ask_reply(update, context, _("setup.ask_time"), kind="atur.digest",
                            payload={"weekday": weekday, "menu": query.message.message_id if query.message else None})
            return
        case "digest", [weekday, at]:
            community = await save("digest", _hhmm(at), weekday=weekday)
        case _:
            raise InvalidInput("error.stale_button")
    await query.answer(_("setup.saved") if action != "menu" else None)
    await edit_or_send(update, context, _("setup.menu_title") + "\n\n" + summary(community, _),
                       reply_markup=main_menu(community, _))


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
        [button(_("setup.button_continue"), "atur:menu"), button(_("setup.button_done"), "atur:done")]))


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
    application.add_handler(CallbackQueryHandler(settings_button, pattern=r"^atur:"))

