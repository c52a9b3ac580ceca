"""The report as an A4 PDF, the paper a principal or a district office files and prints:
a cover block (who, which community, which period, which facilitators), then the sections.
Short tables are drawn as tables; wide ones (long texts in many columns) as compact entries,
one paragraph per row, so the page count follows the content rather than the layout.
DejaVu Sans (shipped with matplotlib) covers Indonesian text."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from bot.reports.document import Document, DocTable

PAGE = "A4"
WIDTH, HEIGHT = 210, 297  # mm
MARGIN = 18
TEXT_WIDTH = WIDTH - 2 * MARGIN
BODY, SMALL, HEADING, SUBHEADING, TITLE = 10.5, 9, 13, 10.5, 18
MAX_ROWS = 60  # per table; the CSV has them all
GRID_COLUMNS = 4  # tables this narrow are drawn as tables, wider ones as entries
ACCENT = (42, 122, 176)


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
        super().__init__(orientation="portrait", unit="mm", format=PAGE)
        self.document = document
        for style, path in _fonts().items():
            self.add_font("DejaVu", style, str(path))
        self.set_margins(MARGIN, 16, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(document.title)
        self.set_creator("Kombel Bot")
        self.set_lang(document.language)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(120)
        page = self.document.texts("report.page", page=self.page_no(), pages="{nb}")
        self.cell(0, 4, printable(f"{self.document.footer}  ·  {page}"), align=Align.C)
        self.set_text_color(0)

    def line_of(self, text: str, size: float, style: str = "", height: float | None = None) -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, height or size * 0.48, printable(text), align=Align.L,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _cover(pdf: _Pdf, document: Document) -> None:
    """Title, then a framed block of who and what the document is about."""
    pdf.line_of(document.title, TITLE, "B", 8.5)
    pdf.ln(3)
    if document.cover:
        pdf.set_draw_color(*ACCENT)
        pdf.set_font("DejaVu", "", BODY)
        with pdf.table(col_widths=(52, TEXT_WIDTH - 52), first_row_as_headings=False,
                       borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=5.5,
                       text_align=Align.L, padding=1.5) as table:
            for label, value in document.cover:
                row = table.row()
                row.cell(printable(label), style=FontFace(emphasis="BOLD"))
                row.cell(printable(value))
        pdf.ln(2)
    pdf.set_text_color(100)
    pdf.line_of(document.generated, SMALL)
    pdf.set_text_color(0)


def render_pdf(document: Document) -> bytes:
    pdf = _Pdf(document)
    pdf.add_page()
    _cover(pdf, document)
    for section in document.sections:
        pdf.ln(5)
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_draw_color(*ACCENT)
        pdf.line_of(section.title, HEADING, "B", 7)
        pdf.line(MARGIN, pdf.get_y(), WIDTH - MARGIN, pdf.get_y())
        pdf.ln(2)
        for paragraph in section.paragraphs:
            pdf.line_of(paragraph, BODY)
            pdf.ln(1)
        for chart in section.charts:  # drawn 2:1, at four fifths of the text width
            width = TEXT_WIDTH * 0.8
            if pdf.will_page_break(width / 2):
                pdf.add_page()
            pdf.image(io.BytesIO(chart), x=MARGIN + (TEXT_WIDTH - width) / 2, w=width, h=width / 2)
            pdf.ln(2)
        for table in section.tables:
            if table.in_document and table.rows:
                _table(pdf, table)
    return bytes(pdf.output())


def _table(pdf: _Pdf, table: DocTable) -> None:
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(1)
    pdf.line_of(table.title, SUBHEADING, "B")
    pdf.ln(1)
    rows = table.rows[:MAX_ROWS]
    if len(table.header) <= GRID_COLUMNS:
        _grid(pdf, table.header, rows)
    else:
        _entries(pdf, table.header, rows)
    hidden = len(table.rows) - MAX_ROWS
    if hidden > 0:
        pdf.ln(1)
        pdf.set_text_color(100)
        pdf.line_of(pdf.document.texts("report.more_rows", count=hidden, file=f"{table.name}.csv"), SMALL)
        pdf.set_text_color(0)
    pdf.ln(2)


def _grid(pdf: _Pdf, header: list[str], rows: list[list[str]]) -> None:
    pdf.set_font("DejaVu", "", SMALL)
    pdf.set_draw_color(190)
    with pdf.table(first_row_as_headings=True, line_height=4.6, text_align=Align.L, padding=1.2,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(238, 244, 249))) as grid:
        for cells in [header, *rows]:
            row = grid.row()
            for cell in cells:
                row.cell(printable(cell) or "-")


def _entries(pdf: _Pdf, header: list[str], rows: list[list[str]]) -> None:
    """One entry per row: the first column in bold, then `Header: value` pairs in one paragraph."""
    for row in rows:
        if pdf.will_page_break(10):
            pdf.add_page()
        pdf.line_of(row[0] or "-", SMALL + 0.5, "B")
        details = "  ·  ".join(f"{h}: {v}" for h, v in zip(header[1:], row[1:], strict=False) if v)
        if details:
            pdf.line_of(details, SMALL)
        pdf.ln(1.8)
