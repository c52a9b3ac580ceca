"""Several `kombel run` processes in webhook mode on one PostgreSQL database, against one Bot
API stand-in, for the drills of tests/reliability/test_multiprocess.py.

Each process talks to the stand-in through its own HTTP server (all serving the same
`FakeBotApi`), so every request is recorded with the process that made it and the wall-clock
instant it arrived; `on_send` lets a drill act at an exact moment (freeze and kill a process
right after one of its messages arrived).
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.playground.fake_api import FakeBotApi
from bot.playground.http_api import RunningServer, start_http_api
from tests.child_bot import child_env, start_bot, stop_bot

SECRET = "rahasia-armada_123"


@dataclass(frozen=True)
class Send:
    at: float          # time.time() when the stand-in received it
    process: int
    method: str
    chat_id: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _SeenBy:
    """The shared stand-in as one process reaches it: records each message it sends."""

    def __init__(self, api: FakeBotApi, fleet: Fleet, index: int) -> None:
        self._api, self._fleet, self._index = api, fleet, index

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)

    async def handle(self, method: str, params: dict[str, Any], files: dict | None = None) -> tuple[int, dict]:
        arrived = time.time()
        status, body = await self._api.handle(method, params, files)
        if method.startswith("send") and status == 200:
            send = Send(arrived, self._index, method, int(params["chat_id"]))
            self._fleet.sends.append(send)
            if self._fleet.on_send is not None:
                self._fleet.on_send(send)
        return status, body


@dataclass
class Fleet:
    api: FakeBotApi
    database_url: str
    cwd: Path
    settings: dict[str, str] = field(default_factory=dict)
    servers: list[RunningServer] = field(default_factory=list)
    processes: list[asyncio.subprocess.Process] = field(default_factory=list)
    hook_ports: list[int] = field(default_factory=list)
    sends: list[Send] = field(default_factory=list)
    on_send: Callable[[Send], None] | None = None
    logs: list[str] = field(default_factory=list)

    async def start(self, count: int) -> None:
        for index in range(count):
            server = await start_http_api(_SeenBy(self.api, self, index))  # type: ignore[arg-type]
            port = free_port()
            env = child_env(server.port, self.database_url, WEBHOOK_URL=f"https://kombel.example.org/hook{index}",
                            WEBHOOK_SECRET=SECRET, WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port),
                            **self.settings)
            self.servers.append(server)
            self.hook_ports.append(port)
            self.processes.append(await start_bot(env, self.cwd))
        async with httpx.AsyncClient(timeout=2) as client:
            for port in self.hook_ports:
                for _ in range(300):
                    try:
                        await client.get(f"http://127.0.0.1:{port}/")
                        break
                    except httpx.HTTPError:
                        await asyncio.sleep(0.1)
                else:
                    raise AssertionError(f"no webhook server on {port}: {await self.stop()}")

    async def post(self, client: httpx.AsyncClient, index: int, update: Any) -> int:
        """Deliver an update to process `index`'s webhook, as Telegram would."""
        response = await client.post(
            f"http://127.0.0.1:{self.hook_ports[index]}/hook{index}", content=json.dumps(update.to_dict()),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
        return response.status_code

    def freeze_then_kill(self, index: int, after: float = 0.5) -> Awaitable[None]:
        """SIGSTOP now (nothing more leaves the process), SIGKILL a moment later: requests it
        had already written reach the stand-in first, as they would reach Telegram."""
        process = self.processes[index]
        process.send_signal(signal.SIGSTOP)

        async def kill() -> None:
            await asyncio.sleep(after)
            process.send_signal(signal.SIGKILL)
            await process.wait()

        return asyncio.ensure_future(kill())

    async def stop(self) -> list[str]:
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGINT)
        self.logs = [await stop_bot(process, self.api) for process in self.processes]
        for server in self.servers:
            await server.stop()
        return self.logs


def most_in_window(times: list[float], window: float) -> int:
    """The largest number of instants inside any window of `window` seconds."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most
