"""/notulen (/notes): a meeting's documentation. Notes typed as a reply to the bot's
question; photos and documents sent in reply to the notes card (kept as Telegram file ids);
attendance ticked with buttons, prefilled from the RSVPs. Facilitators and the meeting's
note-taker may record; everyone may read."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.errors import DomainError, InvalidInput
from bot.domain.meetings import NOTES_MAX, AttachmentKind
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
    parse_callback,
    parse_int,
    refuse,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.meetings import fit, names, topic_of, when
from bot.handlers.replies import REPLY_TARGETS, answers
from bot.i18n import Html, Texts
from bot.services import meetings
from bot.services.meetings import AttendanceSheet, NotesView
from bot.services.ports import PendingPrompt


def notes_text(view: NotesView, _: Texts) -> Html:
    meeting = view.meeting
    photos = sum(1 for a in view.attachments if a.kind == AttachmentKind.PHOTO)
    documents = len(view.attachments) - photos
    attendees = [m.full_name for m in view.attendees]
    return Html(fit(_("notes.card", topic=topic_of(meeting, _), when=when(meeting.starts_at, view.community, _),
                      notetaker=view.notetaker.full_name if view.notetaker else "-",
                      notes=meeting.notes or _("notes.no_notes_yet"),
                      photos=photos, documents=documents,
                      attendance=_.n("notes.attendance_line", len(attendees),
                                     names=names(attendees, _, 30) or "-")
                      if meeting.attendance_at else _("notes.attendance_not_yet"))))


def notes_keyboard(view: NotesView, _: Texts) -> InlineKeyboardMarkup:
    meeting_id = view.meeting.id
    return keyboard(
        [button(_("notes.button_write"), f"nt:w:{meeting_id}"),
         button(_("notes.button_attendance"), f"nt:a:{meeting_id}:0")],
        [button(_("notes.button_other"), "nt:pick:0")],
    )


async def send_notes_card(update: Update, context: KombelContext, view: NotesView,
                          heading: str | None = None) -> None:
    """A new card, remembered so that photos and documents replying to it are attached."""
    assert update.effective_chat is not None
    _ = context.texts
    text = notes_text(view, _) if heading is None else Html(fit(_(heading) + "\n\n" + notes_text(view, _)))
    sent = await reply(update, context, text, reply_markup=notes_keyboard(view, _))
    if sent is not None:  # where it landed: a group that just became a supergroup has a new id
        await meetings.remember_notes_card(context.deps.uow(), chat_id=sent.chat_id,
                                           meeting_id=view.meeting.id, message_id=sent.message_id)


def sheet_text(sheet: AttendanceSheet, _: Texts) -> Html:
    return _("notes.attendance_title", topic=topic_of(sheet.meeting, _),
             when=when(sheet.meeting.starts_at, sheet.community, _), present=sheet.present)


def sheet_keyboard(sheet: AttendanceSheet, _: Texts) -> InlineKeyboardMarkup:
    meeting_id = sheet.meeting.id
    people = [button(("✅ " if present else "⬜ ") + member.full_name[:40],
                     f"nt:t:{meeting_id}:{member.id}:{sheet.page}") for member, present in sheet.people]
    rows = [people[i:i + 2] for i in range(0, len(people), 2)]
    pager = []
    if sheet.page > 0:
        pager.append(button(_("common.previous"), f"nt:a:{meeting_id}:{sheet.page - 1}"))
    if sheet.page < sheet.pages - 1:
        pager.append(button(_("common.next"), f"nt:a:{meeting_id}:{sheet.page + 1}"))
    return keyboard(*rows, pager, [button(_("notes.button_attendance_done"), f"nt:done:{meeting_id}")])


@group_only
@explains_refusals
async def notes_command(update: Update, context: KombelContext) -> None:
    assert update.effective_chat is not None
    view = await meetings.notes_view(context.deps.uow(readonly=True), context.deps.clock,
                                     chat_id=update.effective_chat.id)
    await send_notes_card(update, context, view)


@answers("notulen")
async def notes_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    message = update.effective_message
    meeting_id = prompt.payload.get("meeting")
    assert message is not None and update.effective_chat is not None
    if not isinstance(meeting_id, int):
        raise InvalidInput("error.stale_button")
    view = await meetings.record_notes(context.deps.uow(), context.deps.clock, chat_id=update.effective_chat.id,
                                       actor=await actor(update, context), meeting_id=meeting_id,
                                       text=message.text or "")
    await send_notes_card(update, context, view, heading="notes.saved")


@explains_refusals
async def notes_button(update: Update, context: KombelContext) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parts = parse_callback(query.data, "nt")
    numbers = [parse_int(p) for p in parts[1:]] if parts else []
    if not parts or len(numbers) < 1 or any(n is None or n < 0 for n in numbers):
        raise InvalidInput("error.stale_button")
    deps, chat_id, _ = context.deps, update.effective_chat.id, context.texts
    match parts[0], numbers:
        case "w", [meeting_id]:
            meeting = await meetings.check_recorder(deps.uow(readonly=True), chat_id=chat_id,
                                                    actor=await actor(update, context), meeting_id=meeting_id)
            await query.answer()
            await ask_reply(update, context, _("notes.ask_text", topic=topic_of(meeting, _)),
                            kind="notulen.text", payload={"meeting": meeting_id}, limit=NOTES_MAX)
        case "a", [meeting_id, page]:
            sheet = await meetings.attendance_sheet(deps.uow(), deps.clock, chat_id=chat_id,
                                                    actor=await actor(update, context), meeting_id=meeting_id,
                                                    page=page)
            await query.answer()
            await _show_sheet(update, context, sheet, new=_is_notes_card(query))
        case "t", [meeting_id, member_id, page]:
            sheet = await meetings.toggle_attendee(deps.uow(), deps.clock, chat_id=chat_id,
                                                   actor=await actor(update, context), meeting_id=meeting_id,
                                                   member_id=member_id, page=page)
            await query.answer()
            await edit_or_send(update, context, sheet_text(sheet, _), reply_markup=sheet_keyboard(sheet, _))
        case "done", [meeting_id]:
            view = await meetings.finish_attendance(deps.uow(), deps.clock, chat_id=chat_id,
                                                    actor=await actor(update, context), meeting_id=meeting_id)
            await query.answer()
            await edit_or_send(update, context, Html(fit(_.n("notes.attendance_saved", len(view.attendees))
                                                         + "\n\n" + notes_text(view, _))),
                               reply_markup=notes_keyboard(view, _))
            if query.message is not None:
                await meetings.remember_notes_card(deps.uow(), chat_id=chat_id, meeting_id=meeting_id,
                                                   message_id=query.message.message_id)
        case "pick", [_page]:
            community, recent = await meetings.recent_meetings(deps.uow(readonly=True), deps.clock,
                                                               chat_id=chat_id)
            await query.answer()
            rows = [[button(f"{when(m.starts_at, community, _, short=True)} · {topic_of(m, _)}"[:60],
                            f"nt:s:{m.id}")] for m in recent]
            await reply(update, context, _("notes.choose_meeting") if rows else _("notes.no_meetings"),
                        reply_markup=keyboard(*rows) if rows else None)
        case "s", [meeting_id]:
            view = await meetings.notes_view(deps.uow(readonly=True), deps.clock, chat_id=chat_id,
                                             meeting_id=meeting_id)
            await query.answer()
            await send_notes_card(update, context, view)
        case _:
            raise InvalidInput("error.stale_button")


def _is_notes_card(query) -> bool:
    """The attendance sheet opens as its own message, so the notes card stays for replies."""
    markup = query.message.reply_markup if query.message else None
    return bool(markup and any(b.callback_data and str(b.callback_data).startswith("nt:w:")
                               for row in markup.inline_keyboard for b in row))


async def _show_sheet(update: Update, context: KombelContext, sheet: AttendanceSheet, *, new: bool) -> None:
    _ = context.texts
    if new:
        await reply(update, context, sheet_text(sheet, _), reply_markup=sheet_keyboard(sheet, _))
    else:
        await edit_or_send(update, context, sheet_text(sheet, _), reply_markup=sheet_keyboard(sheet, _))


async def attachment_reply(update: Update, context: KombelContext) -> bool:
    """A photo or document replying to a notes card is kept with that meeting's notes."""
    message = update.effective_message
    if (message is None or message.reply_to_message is None or not in_group(update)
            or not (message.photo or message.document)):
        return False
    if message.photo:
        kind, file = AttachmentKind.PHOTO, message.photo[-1]
    else:
        assert message.document is not None
        kind, file = AttachmentKind.DOCUMENT, message.document
    try:
        view = await meetings.add_attachment(
            context.deps.uow(), context.deps.clock, chat_id=message.chat_id, actor=await actor(update, context),
            notes_message_id=message.reply_to_message.message_id, kind=kind, file_id=file.file_id,
            file_unique_id=file.file_unique_id)
    except DomainError as error:
        await refuse(update, context, error)
        return True
    if view is None:
        return False
    await reply(update, context, context.texts("notes.attachment_saved", count=len(view.attachments)))
    return True


def register(application: Application) -> None:
    application.add_handler(command("notulen", "notes", notes_command))
    application.add_handler(CallbackQueryHandler(notes_button, pattern=r"^nt:"))
    if attachment_reply not in REPLY_TARGETS:
        REPLY_TARGETS.append(attachment_reply)
