"""The report as a PDF readable on a phone: a narrow page (the width of a phone held
upright, so it needs no zooming), large type, every table row as a small card instead of
columns too narrow to read. DejaVu Sans (shipped with matplotlib) covers Indonesian text."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from bot.reports.document import Document, DocTable

PAGE = (105, 180)  # mm: about a phone screen's shape
MARGIN = 8
BODY, SMALL, HEADING, TITLE = 11, 9.5, 14, 17
MAX_ROWS = 60  # per table; the CSV has them all


@cache
def _fonts() -> dict[str, Path]:
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


@cache
def _covered() -> frozenset[int]:
    """Code points the font can draw; emoji in catalog texts are left out of the PDF."""
    return frozenset(TTFont(str(_fonts()[""])).getBestCmap())


def printable(text: str) -> str:
    covered = _covered()
    kept = "".join(ch for ch in text if ord(ch) in covered or ch in "\n\t")
    return "\n".join(line.strip() for line in kept.splitlines())


class _Pdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(unit="mm", format=PAGE)
        self.document = document
        for style, path in _fonts().items():
            self.add_font("DejaVu", style, str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.set_title(document.title)
        self.set_creator("Kombel Bot")
        self.set_lang(document.language)

    def footer(self) -> None:
        self.set_y(-MARGIN - 3)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(120)
        page = self.document.texts("report.page", page=self.page_no(), pages="{nb}")
        name = self.document.title if len(self.document.title) <= 48 else self.document.title[:47] + "…"
        self.cell(0, 4, printable(f"{name}  ·  {page}"), align=Align.C)
        self.set_text_color(0)

    def line_of(self, text: str, size: float, style: str = "", height: float | None = None) -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, height or size * 0.5, printable(text), align=Align.L,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(document: Document) -> bytes:
    pdf = _Pdf(document)
    pdf.add_page()
    pdf.line_of(document.title, TITLE, "B", 8)
    pdf.ln(1)
    pdf.line_of(document.subtitle, BODY)
    pdf.set_text_color(100)
    pdf.line_of(document.generated, SMALL)
    pdf.set_text_color(0)
    for section in document.sections:
        pdf.ln(4)
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_draw_color(42, 122, 176)
        pdf.line_of(section.title, HEADING, "B", 7)
        pdf.line(MARGIN, pdf.get_y(), PAGE[0] - MARGIN, pdf.get_y())
        pdf.ln(2)
        for paragraph in section.paragraphs:
            pdf.line_of(paragraph, BODY)
            pdf.ln(1)
        for chart in section.charts:
            width = PAGE[0] - 2 * MARGIN
            if pdf.will_page_break(width * 0.6):
                pdf.add_page()
            pdf.image(io.BytesIO(chart), w=width)
            pdf.ln(2)
        for table in section.tables:
            if table.in_document:
                _table(pdf, table)
    return bytes(pdf.output())


def _table(pdf: _Pdf, table: DocTable) -> None:
    """Each row a card: the first column in bold, the others as `Header: value` lines."""
    for row in table.rows[:MAX_ROWS]:
        if pdf.will_page_break(12):
            pdf.add_page()
        pdf.ln(1.5)
        pdf.line_of(row[0] or "-", SMALL + 0.5, "B")
        for header, value in zip(table.header[1:], row[1:], strict=False):
            if value:
                pdf.line_of(f"{header}: {value}", SMALL)
    hidden = len(table.rows) - MAX_ROWS
    if hidden > 0:
        pdf.ln(1)
        pdf.set_text_color(100)
        pdf.line_of(pdf.document.texts("report.more_rows", count=hidden, file=f"{table.name}.csv"), SMALL)
        pdf.set_text_color(0)
    pdf.ln(2)
