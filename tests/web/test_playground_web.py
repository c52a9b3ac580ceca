"""`kombel playground --web`: the pages served on 127.0.0.1 beside the offline bot, a link
per view whose development signature the pages accept, and Mini App buttons in the chat."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, unquote, urlsplit

import httpx

from bot.playground.main import make_playground
from bot.web.pages import INIT_DATA_HEADER


async def test_playground_prints_links_that_open_the_views(tmp_path) -> None:
    playground = make_playground(str(tmp_path / "playground.db"), web=True)
    out = io.StringIO()
    playground._out = out
    async with playground._session():
        await playground.execute(":web")
        assert "no community yet" in out.getvalue()
        for line in ("as Sari in KKG: :bot added", "as Budi in KKG: /pustaka", ":web"):
            await playground.execute(line)
        text = out.getvalue()
        assert "t.me/" in text and "startapp=" in text  # /pustaka offers the Mini App
        links = re.findall(r"(http://127\.0\.0\.1:\d+/app/\?startapp=\S+)", text)
        # Sari: library, problem map, calendar, dashboard (she is the admin), My space; Budi the
        # same without the dashboard.
        assert len(links) == 9
        assert sum("startapp=d_" in link for link in links) == 1 and sum("startapp=me" in link for link in links) == 2
        link = urlsplit(next(link for link in links if "startapp=p_" in link))
        payload = parse_qs(link.query)["startapp"][0]
        init_data = unquote(link.fragment.removeprefix("tgWebAppData="))
        async with httpx.AsyncClient(base_url=f"{link.scheme}://{link.netloc}") as client:
            shell = await client.get("/app/")
            assert shell.status_code == 200 and "app.js" in shell.text
            view = await client.get(f"/app/v/{payload}", headers={INIT_DATA_HEADER: init_data})
            assert view.status_code == 200 and "KKG Matematika Gugus 3" in view.text
            forged = await client.get(f"/app/v/{payload}", headers={INIT_DATA_HEADER: init_data + "0"})
            assert forged.status_code == 403
