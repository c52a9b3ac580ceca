"""Development signatures for the Mini App: initData signed with the playground's (or a
test's) token, as Telegram would sign it when a person opens the app, so the pages can be
opened in an ordinary browser on this machine (`kombel playground --web`) and in tests."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import quote

from init_data_py import sign


def signed_init_data(user: dict[str, Any], token: str, *, auth_date: datetime,
                     start_param: str | None = None) -> str:
    """A query string like `Telegram.WebApp.initData`, for `user` (a Bot API User dict)."""
    fields = {"user": json.dumps(user, separators=(",", ":"), ensure_ascii=False),
              "query_id": f"AAdev{user['id']}", "chat_type": "sender"}
    if start_param:
        fields["start_param"] = start_param
    return sign(fields, token, auth_date=auth_date)


def browser_link(page_url: str, init_data: str, payload: str) -> str:
    """A link that opens the page as Telegram's client would: launch data in the fragment
    (read by bot/web/static/telegram-web-app.js)."""
    return f"{page_url}/?startapp={payload}#tgWebAppData={quote(init_data, safe='')}"
