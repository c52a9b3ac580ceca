"""An in-memory stand-in for Telegram's Bot API server.

`FakeBotApi` answers Bot API methods the way Telegram does, status codes and error wording
included, keeps the chats, members and messages those answers depend on, and records every
call. Two transports serve it: `FakeRequest` (in-process, for tests) and `http_api` (real HTTP
on 127.0.0.1, for a separately running bot). Everything is plain Bot API JSON, so it works
with any python-telegram-bot Application.

Its parts: `server` (FakeBotApi: routing, injected faults, the call record), `state` (what
the server knows), `update_delivery` (the update queue, getUpdates, webhooks), `methods`
(sendMessage, editMessageText, answerCallbackQuery, files, chats, ...), `wire` (parameter
decoding, error answers).
"""

from bot.playground.fake_api.server import DEFAULT_BOT_ID, DEFAULT_BOT_NAME, DEFAULT_BOT_USERNAME, FakeBotApi
from bot.playground.fake_api.wire import NOT_MODIFIED, QUERY_INVALID, ApiError, ResponseLost, bad_request, decode_params

__all__ = [
    "DEFAULT_BOT_ID", "DEFAULT_BOT_NAME", "DEFAULT_BOT_USERNAME", "NOT_MODIFIED", "QUERY_INVALID",
    "ApiError", "FakeBotApi", "ResponseLost", "bad_request", "decode_params",
]
