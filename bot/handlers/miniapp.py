"""The one way the chat offers a Mini App view: `miniapp_button`.

In a group, inline `web_app` buttons are not allowed, so the button is a URL to the direct
link `t.me/<bot>/<app>?startapp=<payload>`; in a private chat it is a `web_app` button on
the page itself. The payload is signed and expires (`bot/domain/miniapp.py`). Without
MINIAPP_URL there is no button, and every message reads as before.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, MenuButtonWebApp, Update, WebAppInfo
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.domain.miniapp import MiniAppLinks, View
from bot.handlers.context import KombelContext
from bot.i18n import texts


def miniapp_button(update: Update, context: KombelContext, view: View,
                   community_id: int | None) -> InlineKeyboardButton | None:
    """A button opening `view` of the community (None for the person's own views), labelled
    `miniapp.button_<view>`; None when the Mini App is not configured."""
    links = context.deps.miniapp
    if links is None or (community_id is None) != view.private:
        return None
    payload = links.payload(view, community_id or 0, context.deps.clock.now())
    label = context.texts(f"miniapp.button_{view.name.lower()}")
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return InlineKeyboardButton(label, web_app=WebAppInfo(links.page_link(payload)))
    return InlineKeyboardButton(label, url=links.direct_link(context.bot.username, payload))


async def publish_menu_button(bot: Bot, links: MiniAppLinks | None, language: str) -> None:
    """The private chats' menu button opens the Mini App (the person's own view, no payload
    needed: it shows only what initData says is theirs)."""
    if links is None:
        return
    try:
        await bot.set_chat_menu_button(menu_button=MenuButtonWebApp(
            texts(language)("miniapp.menu_button"), WebAppInfo(f"{links.page_url}/")))
    except TelegramError:
        pass  # the menu button is a convenience; the chat's commands still work
