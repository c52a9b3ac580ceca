"""A python-telegram-bot request backend that talks to a `FakeBotApi` in-process.

PTB builds every Bot API call into a `RequestData` and hands it to `BaseRequest.do_request`;
this one answers from the fake server instead of the network, so a real `Application`,
with its real routing, runs in tests and in the playground::

    api = FakeBotApi()
    application = (
        ApplicationBuilder()
        .token(BOT_TOKEN)
        .request(FakeRequest(api))
        .get_updates_request(FakeRequest(api))
        .build()
    )

Errors come back through PTB's own status handling, so handlers see the same
`telegram.error` exceptions they would see in production.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.playground.fake_api import DEFAULT_BOT_ID, FakeBotApi, ResponseLost, decode_params



def make_bot_token(bot_id: int = DEFAULT_BOT_ID) -> str:
    """A well-formed token for `bot_id`; the fake accepts any."""
    return f"{bot_id}:AAFakeTokenForThePlaygroundOnly0000"


BOT_TOKEN = make_bot_token()


class FakeRequest(BaseRequest):
    """Answers PTB's requests from a `FakeBotApi` without any I/O."""

    __slots__ = ("_api", "_read_timeout")

    def __init__(self, api: FakeBotApi, *, read_timeout: float | None = 5.0) -> None:
        self._api = api
        self._read_timeout = read_timeout

    @property
    def api(self) -> FakeBotApi:
        return self._api

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open: there is no connection pool."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if method == "GET":  # File.download_*: <base_file_url>/<file_path>
            content = self._api.file_content(_file_path(url))
            if content is None:
                body = {"ok": False, "error_code": 404, "description": "Not Found"}
                return 404, json.dumps(body).encode()
            return 200, content

        api_method = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        if request_data is not None:
            # The wire form (strings, JSON-encoded objects), decoded as the HTTP server does,
            # so both transports see exactly the same parameters.
            params = decode_params(request_data.json_parameters)
            for name, (filename, part, _mime) in request_data.multipart_data.items():
                data = part if isinstance(part, bytes) else part.read()
                files[name] = (filename, data)
        try:
            status, body = await self._api.handle(api_method, params, files)
        except ResponseLost as lost:
            if lost.delivered:
                raise TimedOut("Timed out (injected by FakeBotApi)") from None
            raise NetworkError("Connection lost (injected by FakeBotApi)") from None
        return status, json.dumps(body).encode()


def _file_path(url: str) -> str:
    """`.../file/bot<token>/documents/x.pdf` -> `documents/x.pdf`."""
    tail = url.split("/file/bot", 1)[-1]
    return tail.split("/", 1)[-1] if "/" in tail else ""
