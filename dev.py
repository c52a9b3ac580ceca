#!/usr/bin/env python3
"""One entry point for a fresh clone: sets up .venv on first use, then

    python3 dev.py start   the bot: the real one when .env has a token, else the offline playground
    python3 dev.py test    the whole test suite (SQLite, and PostgreSQL when one is reachable)
    python3 dev.py test --quick   domain, services, handlers and Mini App pages on SQLite only, in parallel
    python3 dev.py bench   the benchmarks (add --quick for a short run)
    python3 dev.py typecheck   mypy over bot/ (its settings are in pyproject.toml)

Anything after the command is passed on (e.g. `python3 dev.py start --script examples/setup.txt`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".kombel-installed"


def ensure_environment() -> None:
    """Create .venv and install the project with its test tools, again only when pyproject changes."""
    if sys.version_info < (3, 11):
        sys.exit("Kombel Bot needs Python 3.11 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Kombel Bot and its dependencies into .venv ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


# Quick local feedback: the fast layers and the Mini App's HTTP tests (not its Chromium ones),
# SQLite only, one pytest-xdist worker per core. What
# comes after `--quick` still applies (`-x`, `-k name`, `-n 1`); CI runs the full command.
QUICK = ["-n", "auto", "--sqlite-only", "-q", "--ignore-glob=tests/web/*_browser.py",
         "tests/domain", "tests/services", "tests/handlers", "tests/web"]


def has_token() -> bool:
    if os.environ.get("TELEGRAM_BOT_TOKEN", "").strip():
        return True
    env_file = ROOT / ".env"
    if not env_file.exists():
        return False
    for line in env_file.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "TELEGRAM_BOT_TOKEN" and value.strip():
            return True
    return False


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test", "bench", "typecheck"}:
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "start":
        args = ["run"] if has_token() and not rest else ["playground", *rest]
        return subprocess.call([str(PYTHON), "-m", "bot", *args], cwd=ROOT)
    if command == "test":
        if "--quick" in rest:
            rest = [*QUICK, *(arg for arg in rest if arg != "--quick")]
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
    if command == "typecheck":
        return subprocess.call([str(PYTHON), "-m", "mypy", *rest], cwd=ROOT)
    return subprocess.call([str(PYTHON), "-m", "bench", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
