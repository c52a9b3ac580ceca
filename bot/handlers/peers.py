"""/pasangan (/pairs): fortnightly peer pairs for observation or coaching. Facilitators turn
them on (here or from /atur); each member can step out or back in. Introductions and the
"did you meet?" question are scheduled messages rendered here."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.errors import InvalidInput
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.commands import command
from bot.handlers.common import (
    actor,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    parse_callback,
    parse_int,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import Outgoing, renders
from bot.i18n import Texts, texts
from bot.services import peers
from bot.services.peers import PeerMessage, PeerStatus


def _status_view(status: PeerStatus, _: Texts, *, from_settings: bool):
    state = _("peer.state_on") if status.enabled else _("peer.state_off")
    mine = _("peer.me_out") if status.opted_out else _("peer.me_in")
    text = _("peer.status", state=state, mine=mine)
    assert status.community.id is not None
    where = "s" if from_settings else "g"  # opened from /atur (keeps its way back) or /pasangan
    rows = [
        [button(_("peer.button_turn_off") if status.enabled else _("peer.button_turn_on"),
                f"pasangan:toggle:{where}")],
        [button(_("peer.button_me_in") if status.opted_out else _("peer.button_me_out"),
                f"pasangan:me:{status.community.id}:{0 if status.opted_out else 1}:{where}")],
    ]
    if from_settings:
        rows.append([button(_("setup.button_back"), "atur:menu")])
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


@explains_refusals
async def pairs_button(update: Update, context: KombelContext) -> None:
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    deps, _ = context.deps, context.texts
    user_id = update.effective_user.id
    match parse_callback(query.data, "pasangan"):
        case ["menu"]:
            await query.answer()
            await _show(update, context, from_settings=True)
        case ["toggle", where] if where in ("s", "g"):
            assert update.effective_chat is not None
            enabled = await peers.toggle_pairs(deps.uow(), deps.clock, chat_id=update.effective_chat.id,
                                               actor=await actor(update, context))
            await query.answer(_("peer.turned_on") if enabled else _("peer.turned_off"))
            await _show(update, context, from_settings=where == "s")
        case ["me", community_id, out, where] if (parse_int(community_id) is not None
                                                  and out in ("0", "1") and where in ("s", "g")):
            await peers.set_opted_out(deps.uow(), deps.clock, community_id=int(community_id),
                                      telegram_user_id=user_id, out=out == "1")
            await query.answer(_("peer.saved_out") if out == "1" else _("peer.saved_in"))
            await _show(update, context, from_settings=where == "s")
        case ["out", community_id] if parse_int(community_id) is not None:
            community = await peers.set_opted_out(deps.uow(), deps.clock, community_id=int(community_id),
                                                  telegram_user_id=user_id, out=True)
            await query.answer()
            await edit_or_send(update, context, _("peer.opted_out_private", name=community.display_name))
        case ["met", pair_id, met] if parse_int(pair_id) is not None and met in ("0", "1"):
            await peers.answer_followup(deps.uow(), pair_id=int(pair_id), telegram_user_id=user_id,
                                        met=met == "1")
            await query.answer()
            await edit_or_send(update, context, _("peer.thanks_met") if met == "1" else _("peer.thanks_not_yet"))
        case _:
            raise InvalidInput("error.stale_button")


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
    markup = keyboard([button(_("peer.button_opt_out"), f"pasangan:out:{found.community.id}")])
    return Outgoing(text, markup)


@renders("peer_followup")
async def render_followup(context: KombelContext, scheduled: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    found = await _message(context, scheduled, recipient)
    if found is None:
        return None
    _ = texts(recipient.language)
    text = _("peer.followup", partner=found.partner.full_name, community=found.community.display_name)
    markup = keyboard([button(_("peer.button_met"), f"pasangan:met:{found.pair.id}:1"),
                       button(_("peer.button_not_yet"), f"pasangan:met:{found.pair.id}:0")])
    return Outgoing(text, markup)


def register(application: Application) -> None:
    application.add_handler(command("pasangan", "pairs", pairs_command))
    application.add_handler(CallbackQueryHandler(pairs_button, pattern=r"^pasangan:"))
