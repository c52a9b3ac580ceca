"""Both catalogs are complete: every key the code uses exists, in Indonesian and English,
with the same placeholders, and neither language has a key the other lacks."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.domain.community import Frequency
from bot.handlers.start import FACILITATORS, HELP_TOPICS, OTHER
from bot.i18n import LANGUAGES, catalogs
from bot.i18n.catalog import placeholders
from tests.commands import registered_commands

BOT = Path(__file__).resolve().parents[1] / "bot"
ERROR_CLASSES = {"DomainError", "InvalidInput", "NotAllowed", "NotFound"}


def _catalog_prefixes() -> set[str]:
    return {key.split(".")[0] for key in catalogs().messages["id"]}


def keys_in_code() -> tuple[set[str], set[str]]:
    """(literal keys, prefixes of f-string keys) found anywhere in bot/."""
    prefixes = _catalog_prefixes()
    literal: set[str] = set()
    templates: set[str] = set()
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if "." in value and " " not in value and value.split(".")[0] in prefixes \
                        and value.replace(".", "").replace("_", "").isalnum() and value.islower() \
                        and not value.endswith((".", "_")):
                    literal.add(value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if "." in head and head.split(".")[0] in prefixes and " " not in head:
                    templates.add(head)
    return literal, templates


def test_every_key_used_in_code_is_in_both_catalogs() -> None:
    literal, templates = keys_in_code()
    assert len(literal) > 50
    for language in LANGUAGES:
        table = catalogs().messages[language]
        missing = sorted(key for key in literal if key not in table)
        assert not missing, f"{language} lacks {missing}"
        for head in templates:
            assert any(key.startswith(head) for key in table), f"{language} has no key like {head}*"


def test_domain_error_codes_are_translated() -> None:
    codes = set()
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ERROR_CLASSES and node.args
                    and isinstance(node.args[0], ast.Constant)):
                codes.add(node.args[0].value)
    assert codes
    for language in LANGUAGES:
        assert codes <= set(catalogs().messages[language]), codes - set(catalogs().messages[language])


def test_keys_built_at_run_time_exist() -> None:
    needed = {f"command.{name}" for name in registered_commands()}
    needed |= {f"setup.rhythm_{f.value}" for f in Frequency} | {f"setup.frequency_{f.value}" for f in Frequency}
    needed |= {f"language.{language}" for language in LANGUAGES}
    needed |= {f"setup.ask_{field}" for field in ("name", "domain", "norms", "timezone")}
    help_topics = [topic for topic, _ in HELP_TOPICS] + [OTHER, FACILITATORS]
    needed |= {f"help.{part}_{topic}" for part in ("button", "topic", "about") for topic in help_topics}
    for language in LANGUAGES:
        assert needed <= set(catalogs().messages[language]), needed - set(catalogs().messages[language])


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = catalogs().messages["id"], catalogs().messages["en"]
    assert set(indonesian) == set(english)
    for key, text in indonesian.items():
        other = english[key]
        forms = text if isinstance(text, tuple) else (text,)
        other_forms = other if isinstance(other, tuple) else (other,)
        assert all(forms) and all(other_forms), f"empty translation for {key}"
        assert {n for f in forms for n in placeholders(f)} == {n for f in other_forms for n in placeholders(f)}, key


@pytest.mark.parametrize("language", LANGUAGES)
def test_command_descriptions_fit_telegram_menus(language: str) -> None:
    for spec in registered_commands().values():
        assert 1 <= len(spec.description(language)) <= 256


def test_english_texts_name_the_english_commands() -> None:
    """An English reader is told /export, not /ekspor: both work, but only one reads as a word."""
    indonesian = {spec.name: spec.alias for spec in registered_commands().values() if spec.name != spec.alias}
    wrong = []
    for key, message in catalogs().messages["en"].items():
        forms = message.values() if isinstance(message, dict) else message if isinstance(message, (list, tuple)) \
            else [message]
        wrong += [(key, name) for form in forms for name in re.findall(r"(?<![\w/])/([a-z_]+)", str(form))
                  if name in indonesian]
    assert wrong == []
