"""/aksi (/action): plan what will be tried in class, by whom, by when (natural dates), from
the command, a problem or a good practice; the card's buttons: done (which invites a private
reflection), still in progress (a new date), dropped."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.actions import ACTION_MAX, ActionState, clean_action_text
from bot.domain.deeplink import ReflectionLink, SubjectKind
from bot.domain.errors import InvalidInput
from bot.domain.practices import Practice
from bot.handlers import recovery
from bot.handlers.actions.cards import action_keyboard, action_text, due_text
from bot.handlers.common import (
    actor,
    ask_reply,
    edit_or_send,
    explains_refusals,
    group_only,
    in_group,
    mention,
    parse_int,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.problems.cards import snippet
from bot.handlers.reflections.shared import deep_link
from bot.handlers.replies import answers
from bot.services import actions
from bot.services.actions import ActionCard
from bot.services.prompts import PendingPrompt


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
            await reply(update, context, _("actions.moved", due=due_text(card, _)) + "\n\n" + action_text(card, _),
                        reply_markup=action_keyboard(card, _))
        case _:
            raise InvalidInput("error.stale_button")


def _chat_of(update: Update) -> int | None:
    """The group pressed in; None in a private chat (the owner's reminder came there)."""
    assert update.effective_chat is not None
    return update.effective_chat.id if in_group(update) else None


async def _finish(update: Update, context: KombelContext, query: CallbackQuery, aid: int, state: ActionState) -> None:
    """Done or dropped: the owner or a facilitator, every press."""
    _ = context.texts
    card = await actions.finish_action(context.deps.uow(), context.deps.clock, action_id=aid,
                                       chat_id=_chat_of(update), actor=await actor(update, context), state=state)
    done = state == ActionState.DONE
    await query.answer(_("actions.done_thanks" if done else "actions.dropped"))
    text, markup = action_text(card, _), None
    if done:
        text, markup = _invite_to_reflect(context, card, text)
    await edit_or_send(update, context, text, reply_markup=markup)


async def done_pressed(update: Update, context: KombelContext, query: CallbackQuery, aid: int) -> None:
    await _finish(update, context, query, aid, ActionState.DONE)


async def drop_pressed(update: Update, context: KombelContext, query: CallbackQuery, aid: int) -> None:
    await _finish(update, context, query, aid, ActionState.DROPPED)


async def move_pressed(update: Update, context: KombelContext, query: CallbackQuery, aid: int) -> None:
    """Still in progress: ask the new date (the owner or a facilitator)."""
    _ = context.texts
    person = await actor(update, context)
    card = await actions.check_action(context.deps.uow(readonly=True), action_id=aid, chat_id=_chat_of(update),
                                      actor=person)
    user = update.effective_user
    assert user is not None
    await query.answer()
    await ask_reply(update, context, _("actions.ask_new_date", name=mention(user.id, user.first_name),
                                       text=snippet(card.action.text, 60)),
                    kind="aksi.move", payload={"action": aid}, placeholder=_("actions.placeholder_when"))


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
