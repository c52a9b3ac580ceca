"""Ways to take the database away from a running `kombel run`, and Telegram's side of a
webhook, for the drills in test_database_away.py.

- PostgreSQL: a TCP proxy the test starts between the bot and the server; `cut` closes every
  connection through it and stops listening (connections are refused), `restore` listens
  again. The shared server itself is never touched.
- SQLite: the disk fills up. The bot process's file size limit (RLIMIT_FSIZE, set from
  outside with prlimit) drops to 0, so every write into the database or its WAL fails
  (SQLite: "disk I/O error"), as on a full disk; `restore` lifts it. Python ignores SIGXFSZ,
  so the process lives on.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
from collections import defaultdict
from urllib.parse import urlsplit, urlunsplit

import httpx

from bot.webhook import SECRET_HEADER


class PostgresProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._parts = parts
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def url(self) -> str:
        netloc = self._parts.netloc.rsplit("@", 1)
        user = f"{netloc[0]}@" if len(netloc) == 2 else ""
        return urlunsplit(self._parts._replace(netloc=f"{user}127.0.0.1:{self.port}"))

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def restore(self) -> None:
        await self.start()

    async def stop(self) -> None:
        if self._server is not None:
            await self.cut()

    async def _connect(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers |= {client_writer, server_writer}
        await asyncio.gather(self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()


class FullDisk:
    """The SQLite case: the process `pid` may write no more bytes into any file."""

    def __init__(self) -> None:
        self.pid = 0

    async def cut(self) -> None:
        resource.prlimit(self.pid, resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))

    async def restore(self) -> None:
        resource.prlimit(self.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


class TelegramWebhook:
    """Telegram's side of a webhook: every update is POSTed until it is answered 2xx, and
    again after a pause when it is not (Telegram retries for up to 24 hours)."""

    def __init__(self, url: str, secret: str, pause: float = 0.5) -> None:
        self.url, self.secret, self.pause = url, secret, pause
        self.statuses: dict[int, list[int]] = defaultdict(list)
        self._tasks: list[asyncio.Task[None]] = []
        self._client = httpx.AsyncClient(timeout=60)

    def deliver(self, update: dict) -> None:
        self._tasks.append(asyncio.create_task(self._deliver(update)))

    def delivered(self, update_id: int) -> bool:
        return any(200 <= status < 300 for status in self.statuses[update_id])

    async def _deliver(self, update: dict) -> None:
        while True:
            try:
                response = await self._client.post(self.url, json=update, headers={SECRET_HEADER: self.secret})
                status = response.status_code
            except httpx.HTTPError:
                status = 0
            self.statuses[update["update_id"]].append(status)
            if 200 <= status < 300:
                return
            await asyncio.sleep(self.pause)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._client.aclose()
