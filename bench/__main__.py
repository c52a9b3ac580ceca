"""Every benchmark, one command: `python -m bench [--quick]` (also `python3 dev.py bench`).

Each benchmark runs in its own process, so peak memory is its own; on SQLite and, when one is
reachable, on PostgreSQL. Prints the figures, the targets from the issue and whether each is
met, with the machine and its load average (the machine may be shared: load matters). Nothing
is asserted on time: the exit status is non-zero only when a benchmark fails to run.

    python -m bench --quick          about a minute or two (CI)
    python -m bench                  the full suite: minutes (150,000 communities)
    python -m bench --keep           keep the 150,000-community databases for the next run
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import asyncpg

from bench.common import POSTGRES_ADMIN_DSN, postgres_available

ROOT = Path(__file__).resolve().parents[1]
FULL_SCALE = 150_000


@dataclass(frozen=True)
class Sizes:
    updates: int
    groups: int
    paced_rate: float
    paced_updates: int
    communities: int
    sqlite_communities: int
    samples: int
    burst: int


QUICK = Sizes(updates=200, groups=20, paced_rate=100, paced_updates=150, communities=2_000,
              sqlite_communities=2_000, samples=20, burst=10)
FULL = Sizes(updates=3_000, groups=50, paced_rate=100, paced_updates=2_000, communities=FULL_SCALE,
             sqlite_communities=FULL_SCALE, samples=200, burst=40)


@dataclass
class Run:
    name: str
    command: list[str]
    result: dict[str, Any] | None = None
    output: str = ""
    seconds: float = 0.0
    load: float = 0.0
    failed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def machine() -> dict[str, Any]:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = float("nan")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model, "memory_gb": memory_gb,
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}",
            "load": os.getloadavg()}


def run_one(run: Run) -> Run:
    """One benchmark in its own process; its progress goes to our stderr, its last JSON line is
    the result."""
    print(f"\n== {run.name}: {' '.join(run.command[2:])}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    with scratch_postgres() if run.extra.get("scratch_postgres") else nullcontext() as url:
        command = run.command + (["--database-url", url] if url else [])
        completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    run.seconds = time.perf_counter() - started
    run.load = os.getloadavg()[0]
    run.output = completed.stdout
    for line in reversed(completed.stdout.strip().splitlines()):
        try:
            parsed = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(parsed, dict):
            run.result = parsed
            break
    run.failed = completed.returncode != 0
    if run.failed:
        print(f"!! {run.name} failed (exit {completed.returncode})", file=sys.stderr, flush=True)
    return run


def plan(sizes: Sizes, backends: list[str], quick: bool) -> list[Run]:
    python = [sys.executable, "-m"]
    runs: list[Run] = []
    for backend in backends:
        for app in ("full", "floor"):
            runs.append(Run(f"throughput {backend} {app}", python + [
                "bench.throughput", "--backend", backend, "--app", app, "--updates", str(sizes.updates),
                "--groups", str(sizes.groups)]))
    runs.append(Run("throughput bare", python + [
        "bench.throughput", "--backend", "sqlite", "--app", "bare", "--updates", str(sizes.updates),
        "--groups", str(sizes.groups)]))
    for backend in backends:
        runs.append(Run(f"paced {backend}", python + [
            "bench.throughput", "--backend", backend, "--app", "full", "--updates", str(sizes.paced_updates),
            "--groups", str(sizes.groups), "--rate", str(sizes.paced_rate)]))
    for backend in backends:
        communities = sizes.sqlite_communities if backend == "sqlite" else sizes.communities
        runs.append(Run(f"scale {backend}", python + [
            "bench.scale", "--backend", backend, "--communities", str(communities),
            "--samples", str(sizes.samples), "--burst", str(sizes.burst)]))
    for backend in backends:
        runs.append(Run(f"search {backend}", python + [
            "bench.search", "--backend", backend, "--communities", str(sizes.communities),
            "--samples", str(sizes.samples)]))
    if importlib.util.find_spec("bench.digest_fanout") is not None:
        for backend in backends:
            digest = Run(f"digest {backend}", python + ["bench.digest_fanout"] + (["--quick"] if quick else []))
            if backend == "postgresql":
                digest.extra["scratch_postgres"] = True  # it fills an empty database it is given
            runs.append(digest)
    return runs


@contextmanager
def scratch_postgres() -> Iterator[str]:
    """An empty PostgreSQL database for a benchmark that takes a URL; dropped afterwards."""
    name = f"kombel_bench_{uuid.uuid4().hex[:10]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# ------------------------------------------------------------------ printing


def _f(value: Any, digits: int = 1) -> str:
    if isinstance(value, (int, float)) and value == value:
        return f"{value:,.{digits}f}"
    return "-"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths))))
    return "\n".join(lines)


def _result(runs: list[Run], name: str) -> dict[str, Any] | None:
    return next((r.result for r in runs if r.name == name and r.result), None)


def _load(runs: list[Run], name: str) -> str:
    return next((_f(r.load, 2) for r in runs if r.name == name), "-")


def report(runs: list[Run], info: dict[str, Any], backends: list[str], postgres_note: str,
           quick: bool, sizes: Sizes) -> str:
    out: list[str] = []
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out.append(f"Kombel Bot benchmarks ({'quick' if quick else 'full'}), {stamp}")
    out.append(f"Machine: {info['cores']} cores, {info['cpu']}, {info['memory_gb']:.1f} GB memory, "
               f"Python {info['python']}, {info['system']}")
    out.append("Load average at start: " + " / ".join(_f(x, 2) for x in info["load"])
               + " (1, 5, 15 min); each row shows the 1-minute load when it finished")
    out.append(postgres_note)

    bare = _result(runs, "throughput bare")
    kinds = next((r.result.get("kinds") for r in runs if r.result and r.result.get("kinds")), [])
    rows = []

    def throughput_row(label: str, result: dict[str, Any], floor: dict[str, Any] | None, load: str) -> list[str]:
        cpu, rate = result.get("cpu_ms_per_update", float("nan")), result["updates_per_second"]
        cpu_ratio = cpu / floor["cpu_ms_per_update"] if floor else float("nan")
        rate_ratio = rate / floor["updates_per_second"] if floor else float("nan")
        return [label, _f(rate), _f(rate_ratio, 2) + "x", _f(cpu, 2), _f(cpu_ratio, 2) + "x",
                _f(result.get("stand_in_cpu_ms_per_update"), 2), _f(result["p50_ms"]), _f(result["p99_ms"]),
                _f(result["peak_rss_mb"], 0), load]

    for backend in backends:
        floor = _result(runs, f"throughput {backend} floor")
        for app in ("full", "floor"):
            result = _result(runs, f"throughput {backend} {app}")
            if result:
                rows.append(throughput_row(f"{backend} {app}", result, floor,
                                           _load(runs, f"throughput {backend} {app}")))
        if bare:
            rows.append(throughput_row(f"bare echo bot (vs {backend} floor)", bare, floor,
                                       _load(runs, "throughput bare")))
    if rows:
        out.append(f"\nThroughput: {sizes.updates:,} updates from {sizes.groups} groups, 16 at a time, "
                   f"as fast as possible; mix: {', '.join(kinds)}")
        out.append("The floor (bench/floor.py): the same PTB application, one handler running one transaction "
                   "of three Core statements, then answering. CPU is the bot process's without the Bot API "
                   "stand-in's own CPU, shown apart (a deployment pays httpx instead); the database server's "
                   "CPU (PostgreSQL) is in neither.")
        out.append(_table(["", "updates/s", "of floor", "CPU ms/update", "of floor", "stand-in ms", "p50 ms",
                           "p99 ms", "peak MB", "load"], rows))

    kind_rows = []
    for backend in backends:
        result = _result(runs, f"throughput {backend} full")
        for kind, figures in (result or {}).get("by_kind", {}).items():
            kind_rows.append([f"{backend} {kind}", str(figures["count"]), _f(figures["p50_ms"]),
                              _f(figures["p99_ms"])])
    if kind_rows:
        out.append("\nLatency by kind of update (same runs, 16 in flight)")
        out.append(_table(["", "count", "p50 ms", "p99 ms"], kind_rows))

    rows = []
    for backend in backends:
        result = _result(runs, f"paced {backend}")
        if result:
            rows.append([backend, _f(result["rate"], 0), _f(result["updates_per_second"]), _f(result["p50_ms"]),
                         _f(result["p99_ms"]), _load(runs, f"paced {backend}")])
    if rows:
        out.append(f"\nPaced: {sizes.paced_updates:,} updates submitted at a fixed rate; latency from when "
                   "each was due, so queueing counts")
        out.append(_table(["", "offered/s", "served/s", "p50 ms", "p99 ms", "load"], rows))

    rows = []
    for backend in backends:
        result = _result(runs, f"scale {backend}")
        if result:
            latency = result["latency"]

            def cell(command: str) -> str:
                figures = latency.get(command)
                return f"{_f(figures['p50_ms'])} / {_f(figures['p99_ms'])}" if figures else "(no command)"

            rows.append([backend, f"{result['communities']:,}", f"{result['members']:,}",
                         "reused" if result["reused"] else _f(result["fill_s"], 0),
                         _f(result["startup_s"], 2), _f(result["startup_rss_mb"], 0),
                         _f(result["rss_after_burst_mb"], 0), cell("peta"), cell("cari"), cell("profil"),
                         _load(runs, f"scale {backend}")])
    if rows:
        out.append("\nScale: a year of history; start-up is `python -m bot run` until its first getUpdates; "
                   "latency p50 / p99 ms, one request at a time")
        out.append(_table(["", "communities", "members", "fill s", "start-up s", "MB ready", "MB after burst",
                           "/peta", "/cari", "/profil", "load"], rows))
        empty = next((r.result.get("empty_tables") for r in runs if r.name.startswith("scale") and r.result), [])
        if empty:
            out.append("Tables left empty (not filled by bench.scale yet): " + ", ".join(empty))

    rows, where = [], []
    for backend in backends:
        result = _result(runs, f"search {backend}")
        if result:
            cari, use_case = result["cari"], result["use_case"]
            statement, paced = result.get("statement", {}), cari.get("paced", {})
            rows.append([backend, f"{result['communities']:,}", f"{result['documents']:,}",
                         "reused" if result["reused"] else _f(result["fill_s"], 0),
                         f"{_f(statement.get('p50_ms'))} / {_f(statement.get('p99_ms'))}",
                         f"{_f(use_case['p50_ms'])} / {_f(use_case['p99_ms'])}",
                         f"{_f(cari['p50_ms'])} / {_f(cari['p99_ms'])}",
                         f"{_f(paced.get('rate'), 0)}/s: {_f(paced.get('p50_ms'))} / {_f(paced.get('p99_ms'))}",
                         str(use_case.get("fts_rows_matched", "-")), _load(runs, f"search {backend}")])
            where.append([backend, _f(cari.get("interaction_step_ms")), _f(cari.get("search_use_case_ms")),
                          _f(cari.get("rest_ms")), _f(cari.get("interaction_step_cpu_ms"), 2),
                          _f(cari.get("search_use_case_cpu_ms"), 2), _f(cari.get("cpu_ms"), 2)])
    if rows:
        out.append("\nSearch (bench.search): /cari on one community among all, every community's practices "
                   "matching the same words; p50 / p99 ms; one request at a time, then paced through the "
                   "update processor at half the rate one at a time reached (latency from when each was due)")
        out.append(_table(["", "communities", "documents", "fill s", "statement", "use case", "/cari",
                           "/cari paced", "FTS rows matched", "load"], rows))
        out.append("Where one /cari's time goes (ms per request, one at a time; CPU includes the driver's thread)")
        out.append(_table(["", "interaction step", "search use case", "rest", "interaction CPU", "use case CPU",
                           "CPU in all"], where))

    for digest in (r for r in runs if r.name.startswith("digest")):
        backend = digest.name.split()[1]
        out.append(f"\nDigest fan-out on {backend} (bench.digest_fanout), load {_load(runs, digest.name)}")
        if digest.result:
            out.append(_table(["figure", "value"], [[k, json.dumps(v) if not isinstance(v, (int, float)) else _f(v, 2)]
                                                     for k, v in digest.result.items()]))
        else:
            out.append(digest.output.strip() or "(no output)")

    verdicts = targets(runs, backends, quick)
    if verdicts:
        out.append("\nTargets (from issues 8 and 14)")
        out.append(_table(["target", "figure", "met"], verdicts))
    failed = [r.name for r in runs if r.failed]
    if failed:
        out.append("\nFAILED to run: " + ", ".join(failed))
    return "\n".join(out)


def targets(runs: list[Run], backends: list[str], quick: bool) -> list[list[str]]:
    rows: list[list[str]] = []

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("yes" if ok else "NO")

    for backend in backends:
        full, floor = _result(runs, f"throughput {backend} full"), _result(runs, f"throughput {backend} floor")
        if full and floor:
            ratio = full["cpu_ms_per_update"] / floor["cpu_ms_per_update"]
            rows.append([f"full stack CPU <= 1.5x the floor ({backend})", f"{ratio:.2f}x", verdict(ratio <= 1.5)])
        if full:
            rows.append([f"full stack CPU <= 3 ms per update ({backend})", f"{_f(full['cpu_ms_per_update'], 2)} ms",
                         verdict(full["cpu_ms_per_update"] <= 3)])
            rows.append([f">= 300 updates/s ({backend})", _f(full["updates_per_second"]),
                         verdict(full["updates_per_second"] >= 300)])
    for backend in backends:
        paced = _result(runs, f"paced {backend}")
        if paced:
            rows.append([f"p99 < 100 ms at {paced['rate']:.0f} updates/s ({backend})", f"{_f(paced['p99_ms'])} ms",
                         verdict(paced["p99_ms"] < 100)])
    for backend in backends:
        scale = _result(runs, f"scale {backend}")
        if not scale:
            continue
        size = f"{scale['communities']:,} communities" + (", quick: indicative" if quick else "")
        rows.append([f"start-up < 5 s ({backend}, {size})", f"{_f(scale['startup_s'], 2)} s",
                     verdict(scale["startup_s"] < 5)])
        memory = max(scale["startup_rss_mb"], scale["rss_after_burst_mb"])
        rows.append([f"memory < 300 MB ({backend}, {size})", f"{_f(memory, 0)} MB", verdict(memory < 300)])
        cari = scale["latency"].get("cari")
        rows.append([f"/cari p99 < 50 ms ({backend}, {size})",
                     f"{_f(cari['p99_ms'])} ms" if cari else "no /cari command yet",
                     verdict(cari["p99_ms"] < 50) if cari else "n/a"])
    for backend in backends:
        found = _result(runs, f"search {backend}")
        if found:
            size = f"{found['communities']:,} communities" + (", quick: indicative" if quick else "")
            rows.append([f"/cari p99 < 50 ms ({backend}, {size}, bench.search)", f"{_f(found['cari']['p99_ms'])} ms",
                         verdict(found["cari"]["p99_ms"] < 50)])
            paced = found["cari"].get("paced")
            if paced:
                rows.append([f"/cari p99 < 50 ms at {paced['rate']:.0f}/s ({backend}, {size}, bench.search)",
                             f"{_f(paced['p99_ms'])} ms", verdict(paced["p99_ms"] < 50)])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, about a minute or two (CI)")
    parser.add_argument("--keep", action="store_true", help="keep the scale databases for the next run")
    parser.add_argument("--only", default="", help="comma-separated: throughput, paced, scale, search, digest")
    parser.add_argument("--json", metavar="FILE", help="also write every raw result to FILE")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    info = machine()
    dsn_host = POSTGRES_ADMIN_DSN.split("@")[-1].rsplit("/", 1)[0]
    if postgres_available():
        backends = ["sqlite", "postgresql"]
        postgres_note = f"PostgreSQL: reachable at {dsn_host}; every benchmark runs on SQLite and PostgreSQL"
    else:
        backends = ["sqlite"]
        postgres_note = (f"PostgreSQL: NOT reachable at {dsn_host} (set KOMBEL_BENCH_POSTGRES_DSN); "
                         "PostgreSQL figures skipped, SQLite only")
    print(postgres_note, file=sys.stderr, flush=True)
    runs = plan(sizes, backends, args.quick)
    if args.keep:
        for run in runs:
            if run.command[2] in ("bench.scale", "bench.search"):
                run.command.append("--keep")
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        runs = [r for r in runs if r.name.split()[0] in wanted]
    if importlib.util.find_spec("bench.digest_fanout") is None:
        print("(bench.digest_fanout is not here yet: the digest fan-out benchmark is skipped)", file=sys.stderr)
    for run in runs:
        run_one(run)
    text = report(runs, info, backends, postgres_note, args.quick, sizes)
    print("\n" + text)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "quick": args.quick, "results": {
            r.name: r.result for r in runs}}, indent=2))
    return 1 if any(r.failed for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
