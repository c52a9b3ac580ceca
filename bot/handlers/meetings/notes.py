"""/notulen (/notes): a meeting's documentation. Notes typed as a reply to the bot's
question; photos and documents sent in reply to the notes card (kept as Telegram file ids);
attendance ticked with buttons, prefilled from the RSVPs. Facilitators and the meeting's
note-taker may record; everyone may read."""

from __future__ import annotations

from telegram import CallbackQuery, Document, InlineKeyboardMarkup, Message, PhotoSize, Update
from telegram.ext import Application

from bot.domain.errors import DomainError, InvalidInput
from bot.domain.meetings import NOTES_MAX, AttachmentKind
from bot.handlers.buttons import Press, chat_id_of, handles, natural
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
    refuse,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.meetings.texts import fit, names, topic_of, when
from bot.handlers.replies import REPLY_TARGETS, answers
from bot.i18n import Html, Texts
from bot.services import meetings
from bot.services.meetings import AttendanceSheet, NotesView
from bot.services.prompts import PendingPrompt

# The notes card's buttons (`nt:<action>:<meeting id>...`); every number is 0 or more.
WRITE = Press("nt", "w", "write", natural)
ATTENDANCE = Press("nt", "a", "attendance", natural, natural)  # page
TICK = Press("nt", "t", "tick", natural, natural, natural)  # member id, page
ATTENDANCE_DONE = Press("nt", "done", "attendance_done", natural)
OTHER_MEETING = Press("nt", "pick", "other_meeting", natural)  # page (one page today)
SHOW = Press("nt", "s", "show", natural)


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
        [button(_("notes.button_write"), WRITE.data(meeting_id)),
         button(_("notes.button_attendance"), ATTENDANCE.data(meeting_id, 0))],
        [button(_("notes.button_other"), OTHER_MEETING.data(0))],
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
                     TICK.data(meeting_id, member.id, sheet.page)) for member, present in sheet.people]
    rows = [people[i:i + 2] for i in range(0, len(people), 2)]
    pager = []
    if sheet.page > 0:
        pager.append(button(_("common.previous"), ATTENDANCE.data(meeting_id, sheet.page - 1)))
    if sheet.page < sheet.pages - 1:
        pager.append(button(_("common.next"), ATTENDANCE.data(meeting_id, sheet.page + 1)))
    return keyboard(*rows, pager, [button(_("notes.button_attendance_done"), ATTENDANCE_DONE.data(meeting_id))])


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


async def write_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    meeting = await meetings.check_recorder(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                            actor=await actor(update, context), meeting_id=meeting_id)
    await query.answer()
    await ask_reply(update, context, _("notes.ask_text", topic=topic_of(meeting, _)),
                    kind="notulen.text", payload={"meeting": meeting_id}, limit=NOTES_MAX)


async def attendance_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                             page: int) -> None:
    sheet = await meetings.attendance_sheet(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                            actor=await actor(update, context), meeting_id=meeting_id, page=page)
    await query.answer()
    await _show_sheet(update, context, sheet, new=_is_notes_card(query))


async def tick_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                       member_id: int, page: int) -> None:
    _ = context.texts
    sheet = await meetings.toggle_attendee(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                           actor=await actor(update, context), meeting_id=meeting_id,
                                           member_id=member_id, page=page)
    await query.answer()
    await edit_or_send(update, context, sheet_text(sheet, _), reply_markup=sheet_keyboard(sheet, _))


async def attendance_done_pressed(update: Update, context: KombelContext, query: CallbackQuery,
                                  meeting_id: int) -> None:
    deps, chat_id, _ = context.deps, chat_id_of(update), context.texts
    view = await meetings.finish_attendance(deps.uow(), deps.clock, chat_id=chat_id,
                                            actor=await actor(update, context), meeting_id=meeting_id)
    await query.answer()
    await edit_or_send(update, context, Html(fit(_.n("notes.attendance_saved", len(view.attendees))
                                                 + "\n\n" + notes_text(view, _))),
                       reply_markup=notes_keyboard(view, _))
    if query.message is not None:
        await meetings.remember_notes_card(deps.uow(), chat_id=chat_id, meeting_id=meeting_id,
                                           message_id=query.message.message_id)


async def other_meeting_pressed(update: Update, context: KombelContext, query: CallbackQuery, _page: int) -> None:
    _ = context.texts
    community, recent = await meetings.recent_meetings(context.deps.uow(readonly=True), context.deps.clock,
                                                       chat_id=chat_id_of(update))
    await query.answer()
    rows = [[button(f"{when(m.starts_at, community, _, short=True)} · {topic_of(m, _)}"[:60],
                    SHOW.data(m.id))] for m in recent]
    await reply(update, context, _("notes.choose_meeting") if rows else _("notes.no_meetings"),
                reply_markup=keyboard(*rows) if rows else None)


async def show_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    view = await meetings.notes_view(context.deps.uow(readonly=True), context.deps.clock, chat_id=chat_id_of(update),
                                     meeting_id=meeting_id)
    await query.answer()
    await send_notes_card(update, context, view)


def _is_notes_card(query: CallbackQuery) -> bool:
    """The attendance sheet opens as its own message, so the notes card stays for replies."""
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    return bool(markup and any(b.callback_data and WRITE.parse(str(b.callback_data)) is not None
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
    file: PhotoSize | Document
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
    application.add_handlers([
        handles(WRITE, write_pressed), handles(ATTENDANCE, attendance_pressed), handles(TICK, tick_pressed),
        handles(ATTENDANCE_DONE, attendance_done_pressed), handles(OTHER_MEETING, other_meeting_pressed),
        handles(SHOW, show_pressed),
    ])
    if attachment_reply not in REPLY_TARGETS:
        REPLY_TARGETS.append(attachment_reply)
