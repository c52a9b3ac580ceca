"""/refleksiku (/myreflections): reading one's own reflections, a page at a time, opening,
editing or deleting one, and muting the invitations. Facilitators read what members shared
with them in their own private chat, reached by a second link under /refleksi in the group;
nothing of it is ever posted in the group. And the reflections' part of the weekly digest."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from bot.domain.community import Community
from bot.domain.deeplink import decode_facilitator_view
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.member import Actor
from bot.domain.reflections import QUESTIONS, Reflection
from bot.handlers import start
from bot.handlers.common import button, edit_or_send, keyboard, private_only, refuse, titled_button
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import renders_section
from bot.handlers.reflections.shared import (
    DELETE,
    DELETE_YES,
    EDIT,
    FACILITATOR_SNIPPET,
    FACILITATORS,
    FEELINGS,
    MINE,
    MUTE_LIST,
    SHOW,
    cut,
    state,
    subject,
    take_down,
    user_id_of,
)
from bot.i18n import Texts, format_date, plain_text
from bot.services import communities, reflections
from bot.services.reflections import FacilitatorPage, ReflectionsWeek

# /refleksiku -----------------------------------------------------------------------------

async def my_page(update: Update, context: KombelContext, page: int) -> None:
    _ = context.texts
    mine = await reflections.my_reflections(context.deps.uow(readonly=True), telegram_user_id=user_id_of(update),
                                            page=page)
    if not mine.items:
        text: str = _("reflections.mine_empty")
    else:
        lines: list[str] = [_("reflections.mine_line", number=index, community=community.display_name,
                   date=format_date(r.created_at.astimezone(community.zone).date(), _.language) if r.created_at else "",
                   subject=subject(r, _), state=_(f"reflections.state_{state(r)}"))
                 for index, (r, community) in enumerate(mine.items, start=mine.page * reflections.PAGE_SIZE + 1)]
        text = _("reflections.mine_title") + "\n\n" + "\n".join(lines)
    first = mine.page * reflections.PAGE_SIZE + 1
    numbers = [[titled_button(index, plain_text(subject(r, _)), SHOW.data(r.id))]
               for index, (r, _c) in enumerate(mine.items, start=first)]
    pager = []
    if mine.page > 0:
        pager.append(button(_("common.previous"), MINE.data(mine.page - 1)))
    if mine.page < mine.pages - 1:
        pager.append(button(_("common.next"), MINE.data(mine.page + 1)))
    mute = _("reflections.button_unmute") if mine.muted else _("reflections.button_mute")
    await edit_or_send(update, context, text, reply_markup=keyboard(*numbers, pager,
                                                                    [button(mute, MUTE_LIST.data("list"))]))


@private_only
async def mine_command(update: Update, context: KombelContext) -> None:
    await my_page(update, context, 0)


def _full_text(reflection: Reflection, community: Community, _: Texts) -> str:
    parts = [_("reflections.detail_title", community=community.display_name, subject=subject(reflection, _))]
    for step in QUESTIONS:
        parts.append(_("reflections.detail_answer", question=_(f"reflections.q_{step.value}"),
                       answer=reflection.answer(step) or _("reflections.skipped")))
    if reflection.feeling:
        parts.append(_("reflections.detail_feeling", face=FEELINGS[reflection.feeling - 1], feeling=reflection.feeling))
    parts.append(_(f"reflections.state_{state(reflection)}"))
    return "\n\n".join(parts)


async def mine_pressed(update: Update, context: KombelContext, query: CallbackQuery, page: int) -> None:
    await query.answer()
    await my_page(update, context, page)


async def show_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int) -> None:
    _ = context.texts
    reflection, community = await reflections.read_mine(context.deps.uow(readonly=True),
                                                         telegram_user_id=user_id_of(update),
                                                         reflection_id=reflection_id)
    await query.answer()
    await edit_or_send(update, context, _full_text(reflection, community, _), reply_markup=keyboard(
        [button(_("reflections.button_edit"), EDIT.data(reflection.id)),
         button(_("reflections.button_delete"), DELETE.data(reflection.id))],
        [button(_("reflections.button_back"), MINE.data(0))]))


async def delete_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int) -> None:
    _ = context.texts
    await reflections.read_mine(context.deps.uow(readonly=True), telegram_user_id=user_id_of(update),
                                reflection_id=reflection_id)
    await query.answer()
    await edit_or_send(update, context, _("reflections.confirm_delete"), reply_markup=keyboard(
        [button(_("reflections.button_delete_yes"), DELETE_YES.data(reflection_id)),
         button(_("reflections.button_back"), SHOW.data(reflection_id))]))


async def delete_yes_pressed(update: Update, context: KombelContext, query: CallbackQuery,
                             reflection_id: int) -> None:
    _ = context.texts
    chat_id, card = await reflections.delete_mine(context.deps.uow(), telegram_user_id=user_id_of(update),
                                                  reflection_id=reflection_id)
    if chat_id and card:
        await take_down(context, chat_id, card)
    await query.answer()
    await edit_or_send(update, context, _("reflections.deleted"),
                       reply_markup=keyboard([button(_("reflections.button_back"), MINE.data(0))]))


async def _toggle_mute(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    muted = await reflections.toggle_mute(context.deps.uow(), context.deps.clock, telegram_user_id=user_id_of(update))
    await query.answer(context.texts("reflections.muted" if muted else "reflections.unmuted"), show_alert=True)


async def mute_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await _toggle_mute(update, context, query)


async def mute_list_pressed(update: Update, context: KombelContext, query: CallbackQuery, _list: str) -> None:
    await _toggle_mute(update, context, query)
    await my_page(update, context, 0)


# What members shared with the facilitators -------------------------------------------------

@start.deep_link("f", rest=r"_\d{1,12}")
async def open_facilitator_view(update: Update, context: KombelContext) -> None:
    """`/start f_<community id>`: the reflections shared with that community's facilitators;
    the service checks, page by page, that the person is one of them."""
    community_id = decode_facilitator_view(context.args[0] if context.args else None)
    if community_id is None:
        return
    try:
        await _facilitator_view(update, context, community_id, 0)
    except DomainError as error:
        await refuse(update, context, error)


async def _facilitator_view(update: Update, context: KombelContext, community_id: int, page: int) -> None:
    """Privately, to a facilitator of that community: their admin status is asked of its group,
    not of this private chat, and the service decides."""
    user = update.effective_user
    assert user is not None
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    community = next((c for c in mine if c.id == community_id), None)
    if community is None:
        raise NotAllowed("error.facilitators_only")
    person = Actor(user.id, await context.deps.admins.is_admin(context.bot, community.chat_id, user.id))
    shared = await reflections.for_facilitators(context.deps.uow(readonly=True), community_id=community_id,
                                                actor=person, page=page)
    await edit_or_send(update, context, facilitator_text(shared, context.texts),
                       reply_markup=_facilitator_pager(shared, context.texts))


def facilitator_text(shared: FacilitatorPage, _: Texts) -> str:
    parts: list[str] = [_("reflections.facilitators_title", community=shared.community.display_name)]
    if not shared.items:
        parts.append(_("reflections.facilitators_empty" if shared.page == 0 else "reflections.facilitators_no_more"))
    first = shared.page * reflections.FACILITATOR_PAGE + 1
    for number, (reflection, name) in enumerate(shared.items, start=first):
        submitted = reflection.submitted_at or reflection.created_at
        date = format_date(submitted.astimezone(shared.community.zone).date(), _.language) if submitted else ""
        lines: list[str] = [_("reflections.facilitators_entry", number=number, name=name, date=date,
                   subject=subject(reflection, _), visibility=_(f"reflections.state_{state(reflection)}"))]
        lines += [_("reflections.facilitators_answer", question=_(f"reflections.q_{step.value}"),
                    answer=cut(reflection.answer(step), FACILITATOR_SNIPPET))
                  for step in QUESTIONS if reflection.answer(step)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _facilitator_pager(shared: FacilitatorPage, _: Texts) -> InlineKeyboardMarkup | None:
    cid = shared.community.id
    pager = []
    if shared.page > 0:
        pager.append(button(_("common.previous"), FACILITATORS.data(cid, shared.page - 1)))
    if shared.more:
        pager.append(button(_("common.next"), FACILITATORS.data(cid, shared.page + 1)))
    return keyboard(pager) if pager else None


async def facilitators_pressed(update: Update, context: KombelContext, query: CallbackQuery, community_id: int,
                               page: int) -> None:
    await _facilitator_view(update, context, community_id, page)
    await query.answer()


# The weekly digest ---------------------------------------------------------------------

@renders_section("reflections")
def reflections_section(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, ReflectionsWeek)
    lines: list[str] = [_("reflections.digest_title"), _.n("reflections.digest_count", data.count)]
    if data.average_feeling is not None:
        face = FEELINGS[max(0, min(4, round(data.average_feeling) - 1))]
        lines.append(_("reflections.digest_feeling", average=f"{data.average_feeling:.1f}", face=face))
    lines += [_("reflections.digest_highlight", name=name, text=cut(text, 160)) for name, text in data.highlights]
    return lines
