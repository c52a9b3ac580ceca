"""The fake Bot API over real HTTP on 127.0.0.1, for a bot running as its own process.

Point the bot's `base_url` at `RunningServer.base_url` (and `base_file_url` at
`RunningServer.base_file_url`); it then polls, sends and downloads exactly as against
Telegram, through PTB's real HTTPX stack. Two control routes let an operator or a test
drive it from outside:

    POST /_control/push_update   body: an Update as JSON -> queued for getUpdates
    GET  /_control/calls         every recorded call as JSON
    POST /_control/fail          {"kind": "RetryAfter", "args": {"seconds": 5},
                                  "method": "sendMessage", "chat_id": -1, "times": 1}

Standalone: `python -m bot.playground.http_api --port 8081`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.playground import faults
from bot.playground.api_state import ApiCall
from bot.playground.fake_api import FakeBotApi, ResponseLost, decode_params

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_FAULT_KINDS = {
    cls.__name__: cls
    for cls in (
        faults.RetryAfter, faults.ServerError, faults.Timeout, faults.Forbidden,
        faults.ChatMigrated, faults.BadRequest, faults.NetworkError,
    )
}


class _JsonHandler(RequestHandler):
    def initialize(self, api: FakeBotApi) -> None:
        self.api = api

    def reply(self, status: int, body: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, default=str))

    def body_json(self) -> Any:
        try:
            return json.loads(self.request.body or b"null")
        except ValueError:
            return None


class _BotApiHandler(_JsonHandler):
    """`/bot<token>/<method>`: form-urlencoded, multipart or JSON, GET or POST."""

    _task: asyncio.Future[tuple[int, dict]] | None = None

    def initialize(self, api: FakeBotApi, token: str | None = None) -> None:
        super().initialize(api)
        self.token = token

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        if not _TOKEN.fullmatch(token):
            self.reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        if self.token is not None and token != self.token:  # what Telegram answers a revoked token
            self.reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        params, files = self._request_params()
        self._task = asyncio.ensure_future(self.api.handle(method, params, files))
        try:
            status, body = await self._task
        except asyncio.CancelledError:  # the client went away mid long-poll
            self.detach().close()
            return
        except ResponseLost:  # injected Timeout/NetworkError: break the connection
            self.detach().close()
            return
        self.reply(status, body)

    def on_connection_close(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _request_params(self) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        content_type = self.request.headers.get("Content-Type", "")
        raw: dict[str, Any] = {
            name: values[-1].decode("utf-8") for name, values in self.request.arguments.items()
        }
        if content_type.startswith("application/json"):
            body = self.body_json()
            if isinstance(body, dict):
                raw.update(body)
        files = {
            name: (parts[-1].filename, parts[-1].body)
            for name, parts in self.request.files.items()
        }
        return decode_params(raw), files


class _FileHandler(RequestHandler):
    """`/file/bot<token>/<file_path>`: what File.download_* fetches."""

    def initialize(self, api: FakeBotApi) -> None:
        self.api = api

    def get(self, token: str, file_path: str) -> None:
        content = self.api.file_content(file_path)
        if content is None:
            self.set_status(404)
            self.finish(b'{"ok":false,"error_code":404,"description":"Not Found"}')
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(content)


class _PushUpdateHandler(_JsonHandler):
    def post(self) -> None:
        update = self.body_json()
        if not isinstance(update, dict):
            self.reply(400, {"ok": False, "description": "expected an Update as a JSON object"})
            return
        self.reply(200, {"ok": True, "result": self.api.push_update(update)})


class _CallsHandler(_JsonHandler):
    def get(self) -> None:
        self.reply(200, {"ok": True, "result": [call_to_json(c) for c in self.api.calls]})


class _FailHandler(_JsonHandler):
    def post(self) -> None:
        spec = self.body_json()
        kind = _FAULT_KINDS.get(spec.get("kind", "")) if isinstance(spec, dict) else None
        if kind is None:
            names = ", ".join(_FAULT_KINDS)
            self.reply(400, {"ok": False, "description": f"kind must be one of {names}"})
            return
        try:
            error = kind(**spec.get("args", {}))
        except TypeError as exc:
            self.reply(400, {"ok": False, "description": str(exc)})
            return
        self.api.fail(
            spec.get("method"), chat_id=spec.get("chat_id"), error=error, times=spec.get("times", 1)
        )
        self.reply(200, {"ok": True, "result": True})


def call_to_json(call: ApiCall) -> dict[str, Any]:
    return {
        "method": call.method,
        "params": call.params,
        "files": {name: [filename, len(data)] for name, (filename, data) in call.files.items()},
        "at": call.at.isoformat(),
        "status": call.status,
        "result": call.result,
        "error": call.error,
        "response_lost": call.response_lost,
    }


@dataclass
class RunningServer:
    """A started fake Bot API HTTP server."""

    api: FakeBotApi
    server: HTTPServer
    host: str
    port: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def control_url(self) -> str:
        return f"http://{self.host}:{self.port}/_control"

    async def stop(self) -> None:
        self.server.stop()
        self.api.wake_pollers()
        await self.server.close_all_connections()


async def start_http_api(api: FakeBotApi, host: str = "127.0.0.1", port: int = 0, *,
                         token: str | None = None) -> RunningServer:
    """Serve `api` on host:port (0 picks a free port) in the running event loop; with `token`,
    any other token is refused as Telegram refuses a revoked one (401 Unauthorized)."""
    handlers: list[Any] = [
        (r"/bot([^/]+)/([A-Za-z]+)", _BotApiHandler, {"api": api, "token": token}),
        (r"/file/bot([^/]+)/(.+)", _FileHandler, {"api": api}),
        (r"/_control/push_update", _PushUpdateHandler, {"api": api}),
        (r"/_control/calls", _CallsHandler, {"api": api}),
        (r"/_control/fail", _FailHandler, {"api": api}),
    ]
    sockets = bind_sockets(port, host)
    server = HTTPServer(Application(handlers))
    server.add_sockets(sockets)
    return RunningServer(api, server, host, sockets[0].getsockname()[1])


async def _serve(port: int) -> None:
    running = await start_http_api(FakeBotApi(), port=port)
    print(f"Fake Bot API listening. base_url={running.base_url}", flush=True)
    print(f"base_file_url={running.base_file_url}  control={running.control_url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await running.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake Telegram Bot API on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args.port))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
