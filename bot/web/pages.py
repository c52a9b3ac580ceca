"""Every Mini App page goes through `page`: Telegram's initData checked, the bot's payload
checked, the person's membership checked in the database, then the view renders.

A view module declares its pages with the decorator and lists them in `ROUTES`:

    @page(View.LIBRARY, "/library", tab="miniapp.tab_library")
    async def library(p: Page) -> Response:
        return p.render("library/index.html", shelf=...)

The route's path is `/v/{payload}<path>`; `tab` puts it in the navigation of community
views; `landing=True` makes it what a link for its view opens first. `facilitator=True`
admits only facilitators (the chat's rule). Any refusal is the same short page (403) in
the person's language, naming nothing of the community.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from init_data_py import InitData, errors, parse, validate_by_hash
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from telegram import Bot

from bot.domain.errors import DomainError
from bot.domain.miniapp import StartPayload, View, decode
from bot.handlers.context import Deps
from bot.i18n import Texts, texts
from bot.services.miniapp import Viewer, open_view
from bot.web.render import render

log = logging.getLogger(__name__)

INIT_DATA_HEADER = "X-Telegram-Init-Data"
# Telegram signs initData when the Mini App opens and never again while it stays open: an
# hour lets a teacher browse the library at leisure while a copied initData soon stops
# working (reopening the app gives a fresh one).
INIT_DATA_MAX_AGE = timedelta(hours=1)
LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class WebConfig:
    """What every page needs from the running bot."""

    token: str  # initData is signed with a key derived from it
    secret: bytes  # the payloads' signing key
    base: str  # where the pages are mounted ("" or "/app")
    bot: Bot
    deps: Deps


@dataclass(frozen=True)
class Tab:
    view: View
    path: str
    label: str  # catalog key


@dataclass
class Page:
    """One authorised request: who looks at which community, and how to answer."""

    request: Request
    viewer: Viewer
    payload: StartPayload
    raw_payload: str
    config: WebConfig
    texts: Texts
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def deps(self) -> Deps:
        return self.config.deps

    @property
    def chat_id(self) -> int:
        assert self.viewer.community is not None
        return self.viewer.community.chat_id

    def url(self, path: str, **query: object) -> str:
        """A page of this Mini App, under the same payload (`path` as in `@page`)."""
        shown = {k: v for k, v in query.items() if v not in (None, "")}
        return f"{self.config.base}/v/{self.raw_payload}{path}" + (f"?{urlencode(shown)}" if shown else "")

    def render(self, template: str, *, status: int = 200, **context: object) -> HTMLResponse:
        tabs = [(tab, self.url(tab.path)) for tab in TABS if tab.view.private == self.payload.view.private
                and (not tab.view.for_facilitators or self.viewer.is_facilitator)]
        return render(template, self.texts, status=status, base=self.config.base, page=self, tabs=tabs,
                      **context)


PageHandler = Callable[[Page], Awaitable[Response]]
TABS: list[Tab] = []
LANDINGS: dict[View, PageHandler] = {}


# The menu button's page has no payload (one button for every private chat): it opens the
# person's own view, which shows only what initData says is theirs.
OWN = "me"


def start_payload(config: WebConfig, raw: str) -> StartPayload | None:
    now = config.deps.clock.now()
    if raw == OWN:
        return StartPayload(View.MY_SPACE, 0, now + timedelta(minutes=1))
    return decode(config.secret, raw, now)


def config_of(request: Request) -> WebConfig:
    return request.app.state.config


def _language(init_data: str, fallback: str) -> str:
    """The person's Telegram language for a refusal; their initData need not be valid for
    that (the page says nothing but "not available")."""
    try:
        user = parse(init_data).user
    except errors.InitDataError:
        return fallback
    code = (user.language_code or "")[:2] if user else ""
    return code if code in LANGUAGES else fallback


def refused(request: Request, *, status: int = 403) -> HTMLResponse:
    config = config_of(request)
    language = _language(request.headers.get(INIT_DATA_HEADER, ""), config.deps.default_language)
    return render("denied.html", texts(language), status=status, base=config.base, page=None, tabs=[])


def checked_init_data(request: Request) -> InitData | None:
    """The request's initData if Telegram signed it for this bot and it is fresh enough."""
    config = config_of(request)
    try:
        data = validate_by_hash(request.headers.get(INIT_DATA_HEADER, ""), config.token,
                                expires_in=INIT_DATA_MAX_AGE, now=config.deps.clock.now())
    except errors.InvalidInitDataError as error:
        log.info("mini app request refused: %s", type(error).__name__)
        return None
    return data if data.user is not None else None


async def authorise(request: Request, view: View, facilitator: bool) -> Page | None:
    """The page's viewer, or None when anything does not check out."""
    config = config_of(request)
    data = checked_init_data(request)
    if data is None or data.user is None:
        return None
    raw = request.path_params.get("payload", "")
    payload = start_payload(config, raw)
    if payload is None or payload.view.private != view.private:
        return None
    deps = config.deps

    async def is_chat_admin(chat_id: int) -> bool:
        return await deps.admins.is_admin(config.bot, chat_id, data.user.id if data.user else 0)

    try:
        viewer = await open_view(deps.uow(readonly=True), payload, telegram_user_id=data.user.id,
                                 facilitator=facilitator or view.for_facilitators, is_chat_admin=is_chat_admin,
                                 default_language=deps.default_language)
    except DomainError:
        return None
    return Page(request, viewer, payload, raw, config, texts(viewer.language))


def page(view: View, path: str, *, methods: tuple[str, ...] = ("GET",), tab: str | None = None,
         landing: bool = False, facilitator: bool = False) -> Callable[[PageHandler], Route]:
    def declare(handler: PageHandler) -> Route:
        async def endpoint(request: Request) -> Response:
            checked = await authorise(request, view, facilitator)
            if checked is None:
                return refused(request)
            checked.params = dict(request.path_params)
            try:
                return await handler(checked)
            except DomainError as error:  # a stale id or a bad filter: a short answer, as in the chat
                return checked.render("notice.html", status=404 if error.code.endswith("not_found") else 400,
                                      message=checked.texts(error.code, **error.params))

        if tab is not None:
            TABS.append(Tab(view, path, tab))
        if landing:
            LANDINGS[view] = handler
        return Route(f"/v/{{payload}}{path}", endpoint, methods=list(methods), name=handler.__name__)

    return declare


async def landing(request: Request) -> Response:
    """`/v/<payload>`: the first page of the payload's view."""
    config = config_of(request)
    payload = start_payload(config, request.path_params.get("payload", ""))
    handler = LANDINGS.get(payload.view) if payload else None
    if payload is None or handler is None:
        return refused(request)
    checked = await authorise(request, payload.view, payload.view.for_facilitators)
    if checked is None:
        return refused(request)
    return await handler(checked)
