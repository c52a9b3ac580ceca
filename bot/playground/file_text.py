"""What a file the bot sent says, as plain text for the playground's transcript (`:open N`):
a report's PDF page by page, its HTML without markup, a CSV ZIP as each table's header and
first rows. Reading a PDF needs pypdf (a development dependency)."""

from __future__ import annotations

import csv
import io
import zipfile
from html.parser import HTMLParser

CSV_ROWS = 3


class _Text(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "tr", "li", "div", "section", "br"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def file_text(name: str, content: bytes) -> list[str]:
    lower = name.lower()
    if lower.endswith(".pdf"):
        try:
            import pypdf
        except ImportError:  # pragma: no cover - pypdf comes with the dev dependencies
            return ["(install pypdf to read PDF files here)"]
        reader = pypdf.PdfReader(io.BytesIO(content))
        lines: list[str] = []
        for number, page in enumerate(reader.pages, 1):
            lines.append(f"--- page {number} of {len(reader.pages)} ---")
            lines += _lines(page.extract_text() or "")
        return lines
    if lower.endswith((".html", ".htm")):
        parser = _Text()
        parser.feed(content.decode("utf-8", "replace"))
        return _lines("".join(parser.parts))
    if lower.endswith(".zip"):
        lines = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.namelist():
                rows = list(csv.reader(io.StringIO(archive.read(member).decode("utf-8-sig"))))
                lines.append(f"{member} ({max(0, len(rows) - 1)} rows)")
                lines += ["  " + " | ".join(row) for row in rows[:CSV_ROWS + 1]]
        return lines
    return _lines(content.decode("utf-8", "replace"))
