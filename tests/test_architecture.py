"""DESIGN.md rule 1, kept true by parsing every import: dependencies point inwards."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, relative imports resolved (`from ..storage import x` inside
    bot/services/problems/ is bot.storage), so a package cannot step round a rule."""
    package = list(path.relative_to(BOT.parent).with_suffix("").parts)[:-1]  # a module's or __init__'s own
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def label(path: Path) -> str:
    """A test id that names the file unambiguously: services/problems/ports.py, not ports.py."""
    return path.relative_to(BOT).as_posix()


def modules(layer: str) -> list[Path]:
    return sorted((BOT / layer).rglob("*.py"))


def test_every_layer_has_code() -> None:
    for layer in ("domain", "services", "storage", "handlers", "jobs", "web", "i18n"):
        assert modules(layer), layer


@pytest.mark.parametrize("path", modules("domain"), ids=label)
def test_domain_imports_only_the_standard_library(path: Path) -> None:
    for name in imports_of(path):
        top = name.split(".")[0]
        assert top in sys.stdlib_module_names or name.startswith("bot.domain"), f"{label(path)} imports {name}"


@pytest.mark.parametrize("path", modules("services"), ids=label)
def test_services_stay_free_of_telegram_and_sql(path: Path) -> None:
    for name in imports_of(path):
        top = name.split(".")[0]
        assert top not in {"telegram", "sqlalchemy", "asyncpg", "aiosqlite"}, f"{label(path)} imports {name}"
        if top == "bot":
            assert name.startswith(("bot.domain", "bot.services")), f"{label(path)} imports {name}"


@pytest.mark.parametrize("path", modules("handlers") + modules("jobs") + modules("web"), ids=label)
def test_handlers_and_jobs_never_touch_storage(path: Path) -> None:
    for name in imports_of(path):
        assert not name.startswith("bot.storage"), f"{label(path)} imports {name}"
        assert name.split(".")[0] not in {"sqlalchemy", "asyncpg", "aiosqlite"}, f"{label(path)} imports {name}"


@pytest.mark.parametrize("path", modules("storage"), ids=label)
def test_storage_knows_nothing_of_telegram(path: Path) -> None:
    for name in imports_of(path):
        assert name.split(".")[0] != "telegram", f"{label(path)} imports {name}"
        assert not name.startswith(("bot.handlers", "bot.jobs")), f"{label(path)} imports {name}"


def test_only_the_composition_root_wires_storage_to_handlers() -> None:
    wiring = [p for p in BOT.rglob("*.py")
              if "bot.storage" in " ".join(imports_of(p))
              and any(n.startswith("bot.handlers") for n in imports_of(p))]
    assert [p.relative_to(BOT).as_posix() for p in wiring] == ["app.py"]
