"""/pasangan (/pairs): fortnightly peer pairs for observation or coaching. Facilitators turn
them on (here or from /atur); each member can step out or back in. Introductions and the
"did you meet?" question are scheduled messages rendered here."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import Application

from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.buttons import Press, chat_id_of, handles, integer, one_of
from bot.handlers.commands import command
from bot.handlers.common import (
    actor,
    button,
    edit_or_send,
    group_only,
    keyboard,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import Outgoing, renders
from bot.handlers.setup.menu import back_to_menu, settings_entry
from bot.i18n import Texts, texts
from bot.services import peers
from bot.services.peers import PeerMessage, PeerStatus

# Where the status view was opened: from /atur (it keeps its way back) or from /pasangan.
_WHERE = one_of("s", "g")
_YES_NO = one_of("0", "1")
MENU = Press("pasangan", "menu", "menu")  # the peer-pairs view, opened from /atur
TOGGLE = Press("pasangan", "toggle", "toggle", _WHERE)  # facilitators: pairs on or off
STEP = Press("pasangan", "me", "step_out_or_in", integer, _YES_NO, _WHERE)  # community id, 1: out, where
OPT_OUT = Press("pasangan", "out", "opt_out", integer)  # from the private introduction: community id
MET = Press("pasangan", "met", "met", integer, _YES_NO)  # pair id, 1: we met
settings_entry("peer.button_settings", MENU, order=10)


def _status_view(status: PeerStatus, _: Texts, *, from_settings: bool):
    state = _("peer.state_on") if status.enabled else _("peer.state_off")
    mine = _("peer.me_out") if status.opted_out else _("peer.me_in")
    text = _("peer.status", state=state, mine=mine)
    assert status.community.id is not None
    where = "s" if from_settings else "g"
    rows = [
        [button(_("peer.button_turn_off") if status.enabled else _("peer.button_turn_on"), TOGGLE.data(where))],
        [button(_("peer.button_me_in") if status.opted_out else _("peer.button_me_out"),
                STEP.data(status.community.id, 0 if status.opted_out else 1, where))],
    ]
    if from_settings:
        rows.append(back_to_menu(_))
    return text, keyboard(*rows)


@group_only
async def pairs_command(update: Update, context: KombelContext) -> None:
    await _show(update, context, from_settings=False)


async def _show(update: Update, context: KombelContext, *, from_settings: bool) -> None:
    assert update.effective_chat is not None and update.effective_user is not None
    status = await peers.status(context.deps.uow(readonly=True), chat_id=update.effective_chat.id,
                                telegram_user_id=update.effective_user.id)
    text, markup = _status_view(status, context.texts, from_settings=from_settings)
    await edit_or_send(update, context, text, reply_markup=markup)


async def menu_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await query.answer()
    await _show(update, context, from_settings=True)


async def toggle_pressed(update: Update, context: KombelContext, query: CallbackQuery, where: str) -> None:
    deps = context.deps
    enabled = await peers.toggle_pairs(deps.uow(), deps.clock, chat_id=chat_id_of(update),
                                       actor=await actor(update, context))
    await query.answer(context.texts("peer.turned_on") if enabled else context.texts("peer.turned_off"))
    await _show(update, context, from_settings=where == "s")


async def step_pressed(update: Update, context: KombelContext, query: CallbackQuery, community_id: int,
                       out: str, where: str) -> None:
    assert update.effective_user is not None
    await peers.set_opted_out(context.deps.uow(), context.deps.clock, community_id=community_id,
                              telegram_user_id=update.effective_user.id, out=out == "1")
    await query.answer(context.texts("peer.saved_out") if out == "1" else context.texts("peer.saved_in"))
    await _show(update, context, from_settings=where == "s")


async def opt_out_pressed(update: Update, context: KombelContext, query: CallbackQuery, community_id: int) -> None:
    assert update.effective_user is not None
    community = await peers.set_opted_out(context.deps.uow(), context.deps.clock, community_id=community_id,
                                          telegram_user_id=update.effective_user.id, out=True)
    await query.answer()
    await edit_or_send(update, context, context.texts("peer.opted_out_private", name=community.display_name))


async def met_pressed(update: Update, context: KombelContext, query: CallbackQuery, pair_id: int, met: str) -> None:
    assert update.effective_user is not None
    await peers.answer_followup(context.deps.uow(), pair_id=pair_id, telegram_user_id=update.effective_user.id,
                                met=met == "1")
    await query.answer()
    _ = context.texts
    await edit_or_send(update, context, _("peer.thanks_met") if met == "1" else _("peer.thanks_not_yet"))


async def _message(context: KombelContext, scheduled: ScheduledMessage, recipient: Recipient) -> PeerMessage | None:
    pair_id = scheduled.payload.get("pair_id")
    if not isinstance(pair_id, int) or recipient.member_id is None:
        return None
    return await peers.peer_message(context.deps.uow(readonly=True), pair_id=pair_id,
                                    member_id=recipient.member_id)


def _partner(found: PeerMessage, _: Texts) -> str:
    partner = found.partner
    if partner.username:
        return _("peer.partner_with_username", name=partner.full_name, username=partner.username)
    return _("peer.partner", name=partner.full_name)


@renders("peer_intro")
async def render_intro(context: KombelContext, scheduled: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    found = await _message(context, scheduled, recipient)
    if found is None:
        return None
    _ = texts(recipient.language)
    focus = found.pair.focus_text or _(found.pair.focus_key or peers.GENERAL_FOCUS[0])
    text = _("peer.intro", community=found.community.display_name, partner=_partner(found, _), focus=focus)
    markup = keyboard([button(_("peer.button_opt_out"), OPT_OUT.data(found.community.id))])
    return Outgoing(text, markup)


@renders("peer_followup")
async def render_followup(context: KombelContext, scheduled: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    found = await _message(context, scheduled, recipient)
    if found is None:
        return None
    _ = texts(recipient.language)
    text = _("peer.followup", partner=found.partner.full_name, community=found.community.display_name)
    markup = keyboard([button(_("peer.button_met"), MET.data(found.pair.id, 1)),
                       button(_("peer.button_not_yet"), MET.data(found.pair.id, 0))])
    return Outgoing(text, markup)


def register(application: Application) -> None:
    application.add_handler(command("pasangan", "pairs", pairs_command))
    application.add_handler(handles(MENU, menu_pressed))
    application.add_handler(handles(TOGGLE, toggle_pressed))
    application.add_handler(handles(STEP, step_pressed))
    application.add_handler(handles(OPT_OUT, opt_out_pressed))
    application.add_handler(handles(MET, met_pressed))
