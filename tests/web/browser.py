"""Browser fixtures: the pages served by uvicorn on 127.0.0.1 (a free port, the test's own
event loop, as the bot serves them), opened in Debian's Chromium through Playwright at
360x740, with a `window.Telegram.WebApp` stub carrying initData signed with the test token.
The stub records what the page asks of Telegram (`window.__telegram`: opened links, back
button) so tests can assert on it. Screenshots go to a temporary folder,
or to the one `KOMBEL_SCREENSHOTS` names (`KOMBEL_SCREENSHOTS=docs/screenshots` remakes the
README's): an ordinary run leaves the committed PNGs alone."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import uvicorn

from bot.app import OFFLINE_TOKEN
from bot.playground.simulator import Simulator
from bot.playground.updates import Persona
from bot.web.app import served_alone
from bot.webhook import QuietServer
from tests.web.conftest import BASE

CHROMIUM = Path("/usr/bin/chromium")
REPOSITORY = Path(__file__).resolve().parents[2]
PHONE = {"width": 360, "height": 740}
# The pages are what these tests are about; the HTTP tests already cover both databases.
BROWSER_DATABASE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

STUB = """
(() => {
  const record = window.__telegram = {opened: [], links: [], back: false, backClicks: []};
  const handlers = {};
  window.Telegram = {WebApp: {
    initData: %(init_data)s,
    initDataUnsafe: {start_param: %(start_param)s},
    themeParams: {bg_color: "#ffffff", text_color: "#1c1c1e", button_color: "#3390ec",
                  button_text_color: "#ffffff", secondary_bg_color: "#f1f3f5", hint_color: "#6d6d72"},
    BackButton: {show() { record.back = true; }, hide() { record.back = false; },
                 onClick(f) { handlers.back = f; }},
    onEvent() {}, ready() {}, expand() {},
    openTelegramLink(url) { record.opened.push(url); },
    openLink(url) { record.links.push(url); },
  }};
  window.__pressBack = () => handlers.back && handlers.back();
})();
"""


def _free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    return sock


@pytest.fixture
async def served(sim: Simulator) -> AsyncIterator[str]:
    """The bot's pages on http://127.0.0.1:<port>; the address."""
    app = served_alone(sim.application, token=OFFLINE_TOKEN, base=BASE)
    sock = _free_socket()
    server = QuietServer(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    await task
    sock.close()


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        await chromium.close()


OpenView = Callable[..., Awaitable[object]]


@pytest.fixture
async def open_view(served: str, browser, init_data) -> AsyncIterator[OpenView]:
    """`await open_view(persona, payload)`: a phone-sized page showing that view, loaded."""
    contexts = []

    async def open_(persona: Persona, payload: str):
        context = await browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                            has_touch=True, locale="id-ID")
        contexts.append(context)
        await context.add_init_script(STUB % {"init_data": json.dumps(init_data(persona)),
                                              "start_param": json.dumps(payload)})
        page = await context.new_page()
        await page.goto(f"{served}{BASE}/")
        await page.wait_for_selector("main .bar, main .notice")
        return page

    yield open_
    for context in contexts:
        await context.close()


async def no_horizontal_scroll(page) -> bool:
    """Nothing wider than the phone. Against its width, not `innerWidth`: a phone's browser
    widens its viewport to what is too wide, and then everything "fits"."""
    return await page.evaluate(f"document.documentElement.scrollWidth <= {PHONE['width']}")


async def smallest_text_px(page) -> float:
    """The smallest font size of any text the page shows, in CSS pixels."""
    return await page.evaluate("""() => {
      let smallest = 1000;
      const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const element = walker.currentNode.parentElement;
        if (walker.currentNode.textContent.trim() && element.offsetParent !== null) {
          smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize));
        }
      }
      return smallest;
    }""")


async def follows_the_theme(page) -> bool:
    """The page took Telegram's button colour from themeParams (the stub's, not the default)."""
    colour = await page.evaluate("getComputedStyle(document.querySelector('.tabs a.on')).backgroundColor")
    return colour == "rgb(51, 144, 236)"


async def nothing_cut_off(page) -> list[str]:
    """The texts that run past the phone's edge (a long unbroken word), which a clipped box
    could hide from `no_horizontal_scroll`; empty when everything fits."""
    return await page.evaluate("""() => {
      const cut = [];
      const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(walker.currentNode);
        for (const box of range.getClientRects()) {
          if (box.width > 0 && (box.left < -0.5 || box.right > %(width)s + 0.5)) {
            cut.push(walker.currentNode.textContent.trim().slice(0, 40));
            break;
          }
        }
      }
      return cut;
    }""" % PHONE)


async def every_tab_visible(page) -> bool:
    """Every tab of the strip lies wholly inside the phone's width (wrapped, not cut off)."""
    return await page.evaluate("""() => {
      const tabs = [...document.querySelectorAll('.tabs a')];
      return tabs.length > 0 && tabs.every(tab => {
        const box = tab.getBoundingClientRect();
        return box.width > 0 && box.left >= 0 && box.right <= %(width)s;
      });
    }""" % PHONE)


def screenshot_folder() -> Path:
    """`$KOMBEL_SCREENSHOTS` (relative to the repository) when set, else a temporary folder."""
    wanted = os.environ.get("KOMBEL_SCREENSHOTS")
    return REPOSITORY / wanted if wanted else Path(tempfile.gettempdir()) / "kombel-screenshots"


async def screenshot(page, name: str) -> None:
    folder = screenshot_folder()
    folder.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
