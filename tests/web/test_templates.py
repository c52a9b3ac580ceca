"""Every text a page shows comes from the catalogs: each key the templates name exists in
Indonesian and English (keys built from a value, like `problems.category_` ~ c, have at
least one entry), and the templates hold no words of their own outside them."""

from __future__ import annotations

import re
from pathlib import Path

from bot.i18n import LANGUAGES, catalogs
from bot.web.render import TEMPLATES

KEY = re.compile(r"""\b(?:t|tn)\(\s*["']([a-z_]+\.[a-z0-9_]+)["']\s*(~)?""")
TAGS = re.compile(r"{[{%#].*?[}%#]}|<[^>]+>", re.S)


def test_template_keys_are_in_both_catalogs() -> None:
    found = 0
    for path in TEMPLATES.rglob("*.html"):
        for key, built in KEY.findall(path.read_text()):
            found += 1
            for language in LANGUAGES:
                table = catalogs().messages[language]
                assert (any(k.startswith(key) for k in table) if built else key in table), (path.name, key, language)
    assert found > 30


def test_templates_have_no_words_of_their_own() -> None:
    for path in TEMPLATES.rglob("*.html"):
        leftover = TAGS.sub(" ", path.read_text())
        words = [w for w in re.findall(r"[A-Za-z]{3,}", leftover) if w not in {"Kombel"}]
        assert not words, (Path(path).name, words)
