"""/profil (/about): anyone reads how the community is set up and who facilitates it."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import group_only, reply
from bot.handlers.context import KombelContext
from bot.handlers.setup.menu import summary
from bot.services import communities


@group_only
async def profile_command(update: Update, context: KombelContext) -> None:
    assert update.effective_chat is not None
    profile = await communities.profile(context.deps.uow(readonly=True), update.effective_chat.id,
                                       seen=context.interaction)
    if profile is None:
        await reply(update, context, context.texts("error.no_community"))
        return
    _ = context.texts
    admins = await context.deps.admins.admins(context.bot, update.effective_chat.id)
    names = list(admins.values()) + [m.full_name for m in profile.cofacilitators if m.telegram_user_id not in admins]
    await reply(update, context, _("profile.text", summary=summary(profile.community, _),
                                   facilitators=", ".join(names) or _("setup.not_set"),
                                   members=_.n("profile.members", profile.member_count)))
