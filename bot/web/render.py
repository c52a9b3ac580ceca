"""Jinja2 templates (bot/web/templates), with the catalogs as `t(key, **params)`.

The catalogs escape the values they are filled with (`bot.i18n`), so `t` hands Jinja markup;
everything else a template prints is escaped by Jinja's autoescape. `tn(key, count)` picks
the plural form. Dates and times go through `bot.i18n`'s formatting, in the community's zone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.responses import HTMLResponse

from bot.i18n import Texts

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def render(template: str, texts: Texts, *, status: int = 200, **context: object) -> HTMLResponse:
    def t(key: str, **params: object) -> Markup:
        return Markup(texts(key, **params))

    def tn(key: str, count: int, **params: object) -> Markup:
        return Markup(texts.n(key, count, **params))

    body = environment().get_template(template).render(t=t, tn=tn, language=texts.language, **context)
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
