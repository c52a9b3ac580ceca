"""/aksi (/action): plan what will be tried in class, by whom, by when (natural dates);
the reminder and check-in renderers; marking one done invites a private reflection;
/aksiku (/myactions): my actions across communities."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.actions import ACTION_MAX, ActionState, clean_action_text
from bot.domain.deeplink import ReflectionLink, SubjectKind
from bot.domain.errors import InvalidInput
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.domain.practices import Practice
from bot.handlers import recovery
from bot.handlers.commands import command
from bot.handlers.common import (
    actor,
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    in_group,
    keyboard,
    mention,
    parse_callback,
    parse_int,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import Outgoing, renders
from bot.handlers.problems.cards import snippet
from bot.handlers.reflections.shared import deep_link
from bot.handlers.replies import answers
from bot.i18n import Html, Texts, format_datetime, texts
from bot.services import actions
from bot.services.actions import ActionCard
from bot.services.prompts import PendingPrompt

MY_ACTIONS_MAX = 20


def _due(card: ActionCard, _: Texts) -> str:
    return format_datetime(card.action.due_at, card.community.timezone, _.language)


def _owner(card: ActionCard, *, notify: bool) -> Html | str:
    name = card.owner.full_name
    return mention(card.owner.telegram_user_id, name) if notify else name


def action_text(card: ActionCard, _: Texts, *, notify: bool = False) -> str:
    a = card.action
    if a.problem_number:
        title = _("actions.card_title_problem", number=a.problem_number)
    elif a.practice_id:
        title = _("actions.card_title_practice", number=a.practice_id)
    else:
        title = _("actions.card_title")
    lines = [title, _("actions.card_text", text=a.text),
             _("actions.card_meta", owner=_owner(card, notify=notify), due=_due(card, _))]
    if a.state == ActionState.DONE:
        lines.append(_("actions.state_done"))
    elif a.state == ActionState.DROPPED:
        lines.append(_("actions.state_dropped"))
    return "\n".join(lines)


def action_keyboard(card: ActionCard, _: Texts, *, checkin: bool = False):
    if not card.action.is_open:
        return None
    aid = card.action.id
    move = _("actions.button_in_progress") if checkin else _("actions.button_move")
    return keyboard([button(_("actions.button_done"), f"aksi:d:{aid}"), button(move, f"aksi:m:{aid}")],
                    [button(_("actions.button_drop"), f"aksi:x:{aid}")])


# --- /aksi -------------------------------------------------------------------------------------

@group_only
@explains_refusals
async def action_command(update: Update, context: KombelContext) -> None:
    """`/aksi <what>` asks only the date; `/aksi` asks what, then when. A facilitator names
    another member as owner by sending /aksi as a reply to that member's message."""
    message = update.effective_message
    assert message is not None
    _ = context.texts
    payload: dict = {}
    target = message.reply_to_message.from_user if message.reply_to_message else None
    if target is not None and not target.is_bot and update.effective_user and target.id != update.effective_user.id:
        payload["owner"] = target.id
        payload["owner_name"] = target.full_name
    text = " ".join(context.args or [])
    if text.strip():
        try:
            payload["text"] = clean_action_text(text)
        except InvalidInput as error:  # too short or too long: asked again, the text kept
            await recovery.ask_instead(update, context, error, text, kind="aksi.text", payload=payload,
                                       limit=ACTION_MAX)
            return
        await _ask_when(update, context, payload)
        return
    await ask_reply(update, context, _("actions.ask_text"), kind="aksi.text", payload=payload,
                    placeholder=_("actions.placeholder_text"), limit=ACTION_MAX)


async def _ask_when(update: Update, context: KombelContext, payload: dict, *, what: str = "") -> None:
    _ = context.texts
    who = _("actions.for_owner", name=payload["owner_name"]) + "\n" if payload.get("owner_name") else ""
    await ask_reply(update, context, who + _("actions.ask_when") + what, kind="aksi.when", payload=payload,
                    placeholder=_("actions.placeholder_when"))


async def plan_from_practice(update: Update, context: KombelContext, practice: Practice) -> None:
    """"I will try this" made an action: the practice's title is what will be tried, so only
    the date is asked (the /aksi prompt), and the action keeps the link to the practice."""
    payload = {"text": clean_action_text(practice.title), "practice": practice.id}
    await _ask_when(update, context, payload,
                    what="\n" + context.texts("actions.from_practice", number=practice.id, title=practice.title))


@answers("aksi")
async def action_answer(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    message = update.effective_message
    assert message is not None
    _ = context.texts
    deps = context.deps
    person = await actor(update, context)
    payload = dict(prompt.payload)
    group_chat = message.chat_id if in_group(update) else None
    match prompt.kind.split(".", 1)[1]:
        case "text":
            payload["text"] = clean_action_text(message.text)
            await _ask_when(update, context, payload)
        case "when":
            if group_chat is None:
                raise InvalidInput("error.group_only")
            card = await actions.plan_action(
                deps.uow(), deps.clock, chat_id=group_chat, actor=person, text=str(payload.get("text", "")),
                when=message.text or "", owner_user_id=parse_int(str(payload.get("owner", ""))),
                problem_id=parse_int(str(payload.get("problem", ""))),
                practice_id=parse_int(str(payload.get("practice", ""))))
            await reply(update, context, action_text(card, _, notify=True) + "\n\n" + _("actions.planned_hint"),
                        reply_markup=action_keyboard(card, _))
        case "move":
            card = await actions.move_action(deps.uow(), deps.clock, action_id=int(payload["action"]),
                                             chat_id=group_chat, actor=person, when=message.text or "")
            await reply(update, context, _("actions.moved", due=_due(card, _)) + "\n\n" + action_text(card, _),
                        reply_markup=action_keyboard(card, _))
        case _:
            raise InvalidInput("error.stale_button")


@explains_refusals
async def action_button(update: Update, context: KombelContext) -> None:
    """Done / still in progress (new date) / dropped: the owner or a facilitator, every press."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parts = parse_callback(query.data, "aksi", 2)
    aid = parse_int(parts[1]) if parts else None
    if parts is None or aid is None:
        raise InvalidInput("error.stale_button")
    _ = context.texts
    deps = context.deps
    person = await actor(update, context)
    chat_id = update.effective_chat.id if in_group(update) else None
    user = update.effective_user
    assert user is not None
    match parts[0]:
        case "d" | "x" as choice:
            state = ActionState.DONE if choice == "d" else ActionState.DROPPED
            card = await actions.finish_action(deps.uow(), deps.clock, action_id=aid, chat_id=chat_id,
                                               actor=person, state=state)
            await query.answer(_("actions.done_thanks" if choice == "d" else "actions.dropped"))
            text, markup = action_text(card, _), None
            if choice == "d":
                text, markup = _invite_to_reflect(context, card, text)
            await edit_or_send(update, context, text, reply_markup=markup)
        case "m":
            card = await actions.check_action(deps.uow(readonly=True), action_id=aid, chat_id=chat_id, actor=person)
            await query.answer()
            await ask_reply(update, context, _("actions.ask_new_date", name=mention(user.id, user.first_name),
                                               text=snippet(card.action.text, 60)),
                            kind="aksi.move", payload={"action": aid}, placeholder=_("actions.placeholder_when"))
        case _:
            raise InvalidInput("error.stale_button")


def _invite_to_reflect(context: KombelContext, card: ActionCard, text: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The done card, one edit, no new message: it says the invitation to reflect is on its
    way privately, or (when the bot may not write to the owner first) carries the link there."""
    _ = context.texts
    if card.reaches_owner_privately:
        return text + "\n" + _("actions.reflect_invited", name=card.owner.first_name), None
    assert card.community.id is not None
    url = deep_link(context, ReflectionLink(card.community.id, SubjectKind.ACTION, card.action.id))
    return (text + "\n" + _("actions.reflect_privately", name=card.owner.first_name),
            InlineKeyboardMarkup([[InlineKeyboardButton(_("actions.button_reflect"), url=url)]]))


# --- /aksiku -----------------------------------------------------------------------------------

@explains_refusals
async def my_actions_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    cards = await actions.my_actions(context.deps.uow(readonly=True), context.deps.clock,
                                     actor=await actor(update, context))
    if not cards:
        await reply(update, context, _("actions.mine_empty"))
        return
    open_cards = [c for c in cards if c.action.is_open]
    finished = [c for c in cards if not c.action.is_open]
    lines: list[str] = [_("actions.mine_title")]
    if open_cards:
        lines.append("\n" + _("actions.mine_open"))
        lines += [_("actions.mine_line", text=snippet(c.action.text, 70), community=c.community.display_name,
                    due=format_datetime(c.action.due_at, c.community.timezone, _.language, short=True))
                  for c in open_cards[:MY_ACTIONS_MAX]]
    if finished:
        lines.append("\n" + _("actions.mine_finished"))
        lines += [_("actions.mine_done_line" if c.action.state == ActionState.DONE else "actions.mine_dropped_line",
                    text=snippet(c.action.text, 70), community=c.community.display_name)
                  for c in finished[:MY_ACTIONS_MAX]]
    hidden = max(0, len(open_cards) - MY_ACTIONS_MAX) + max(0, len(finished) - MY_ACTIONS_MAX)
    if hidden:
        lines.append(_("problems.digest_more", count=hidden))
    await reply(update, context, "\n".join(lines))


# --- scheduled messages --------------------------------------------------------------------------

async def _scheduled(context: KombelContext, message: ScheduledMessage, recipient: Recipient,
                     key: str) -> Outgoing | None:
    """None (skip) when the action was finished or moved since this message was planned."""
    action_id = parse_int(str(message.payload.get("action_id", "")))
    if action_id is None:
        return None
    card = await actions.action_due(context.deps.uow(readonly=True), action_id=action_id,
                                    due=str(message.payload.get("due", "")))
    if card is None:
        return None
    _ = texts(recipient.language)
    in_group_chat = recipient.member_id is None
    text = _(key, owner=_owner(card, notify=in_group_chat), text=card.action.text, due=_due(card, _))
    return Outgoing(text, action_keyboard(card, _, checkin=key == "actions.checkin"))


@renders("action_reminder")
async def render_reminder(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    return await _scheduled(context, message, recipient, "actions.reminder")


@renders("action_checkin")
async def render_checkin(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    return await _scheduled(context, message, recipient, "actions.checkin")


def register(application: Application) -> None:
    application.add_handler(command("aksi", "action", action_command))
    application.add_handler(command("aksiku", "myactions", my_actions_command, where="both"))
    application.add_handler(CallbackQueryHandler(action_button, pattern=r"^aksi:"))
