"""Every playground example is also a smoke test: its `expect` lines must hold and the bot
must raise nothing while a teacher walks through it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.playground.main import make_playground

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.stem)
async def test_example_runs_cleanly(script: Path, tmp_path: Path) -> None:
    playground = make_playground(str(tmp_path / "example.db"))
    out = io.StringIO()
    code = await playground.run_script(script, out=out)
    assert code == 0, out.getvalue()[-3000:]
    assert playground.failures == []
