"""CPU-bound work (charts, PDFs) off the event loop, in a bounded pool of worker processes.

A chart or a PDF takes tens to hundreds of milliseconds of pure Python (matplotlib, fpdf2).
In a thread it still holds the GIL against the event loop, so other chats' updates and the
confirmation of polled updates would wait behind it. Worker processes do not share the GIL:
the event loop only pickles the input and the bytes that come back.

`Offload.run(fn, *args)` runs a module-level function (it must be picklable) in a worker and
awaits its result. The pool is bounded twice: `workers` processes, and at most `workers *
QUEUE_PER_WORKER` jobs waiting, so a burst of exports waits its turn instead of piling up in
memory. Workers start on first use (a bot that never exports never pays for them), from a
forkserver that has already imported matplotlib and fpdf2, so each job starts warm.

`Offload(workers=0)` runs jobs in a thread instead: the tests and the playground, which do not
need the isolation and should not start processes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

QUEUE_PER_WORKER = 8
# What every worker imports before its first job (the forkserver imports it once).
PRELOAD = ["matplotlib", "matplotlib.pyplot", "fpdf", "bot.reports"]


def default_workers() -> int:
    """One worker per core beyond the event loop's, at least one, at most four."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


class Offload:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else workers
        self._executor: Executor | None = None
        self._slots = asyncio.Semaphore(max(1, self.workers) * QUEUE_PER_WORKER)

    def _pool(self) -> Executor:
        if self._executor is None:
            if self.workers == 0:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offload")
            else:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._executor

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker; waits for a slot when the queue is full."""
        async with self._slots:
            return await asyncio.get_running_loop().run_in_executor(self._pool(), fn, *args)

    def shutdown(self) -> None:
        """At the application's shutdown: running jobs finish, the workers exit."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
