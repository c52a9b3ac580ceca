"""A collected report, translated and formatted in one language: plain strings, ready for
the PDF, HTML and CSV writers (which then know nothing about catalogs or time zones)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from bot.i18n import Texts, format_time, plain_text, texts, weekday_name
from bot.domain.privacy import PersonRef
from bot.reports.charts import bar_chart
from bot.services.reports.sections import Audience, Cell, Label, Report, Weekday

_LOCALES = {"id": "id_ID", "en": "en_GB"}


@dataclass(frozen=True)
class DocTable:
    name: str  # the CSV file's name in the reader's language, without ".csv"
    title: str  # its heading in the document
    header: list[str]
    rows: list[list[str]]  # as shown in the PDF and HTML
    csv_rows: list[list[str]]  # as written to CSV: ISO dates, plain numbers
    in_document: bool = True


@dataclass(frozen=True)
class DocSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[DocTable] = field(default_factory=list)
    charts: list[bytes] = field(default_factory=list)  # PNG


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    subtitle: str
    generated: str
    cover: list[tuple[str, str]]  # (label, value) lines of the cover block
    footer: str
    stem: str
    sections: list[DocSection]
    texts: Texts


class _Formatter:
    def __init__(self, language: str, zone: ZoneInfo) -> None:
        self._ = texts(language)
        self.language = language
        self.zone = zone

    def label(self, label: Label) -> str:
        params = {name: self.text(value) for name, value in label.params.items()}
        if label.count is not None:
            return plain_text(self._.n(label.key, label.count, **params))
        return plain_text(self._(label.key, **params))

    def text(self, value: object) -> str:
        """As a person reads it."""
        match value:
            case None:
                return ""
            case Label():
                return self.label(value)
            case tuple():
                return ", ".join(text for text in (self.text(item) for item in value) if text)
            case PersonRef(erased=True):
                return self.label(Label("report.erased_member"))
            case PersonRef():
                return value.name
            case Weekday():
                return weekday_name(value.value, self.language)
            case datetime():
                local = value.astimezone(self.zone)
                return f"{self.day(local.date())} {format_time(local.time(), self.language)}"
            case date():
                return self.day(value)
            case time():
                return format_time(value, self.language)
            case float():  # an average: "2,5" in Indonesian, a whole number without ",0"
                return format_decimal(round(value, 1), format="#,##0.#", locale=_LOCALES.get(self.language, "id_ID"))
            case _:
                return str(value)

    def csv(self, value: Cell) -> str:
        """As a spreadsheet reads it: ISO dates in the community's zone, bare numbers."""
        match value:
            case datetime():
                return value.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
            case date():
                return value.isoformat()
            case _:
                return self.text(value)

    def day(self, value: date) -> str:
        return babel_date(value, "d MMM y", locale=_LOCALES.get(self.language, "id_ID"))



def _slug(text: str, fallback: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or fallback


def _file_name(text: str, fallback: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")[:40] or fallback


def build_document(report: Report, language: str) -> Document:
    """File names follow the reader's language too: `laporan-...pdf` and `anggota.csv` for
    an Indonesian community, `report-...pdf` and `members.csv` for an English one."""
    scope = report.scope
    fmt = _Formatter(language, scope.communities[0].zone)
    _ = fmt._
    period = fmt.label(Label("report.period", {"first": scope.period.first_day, "last": scope.period.last_day}))
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        title = fmt.label(Label("report.title_portfolio", {"name": scope.member.full_name}))
        stem_prefix, stem_name = _("report.file_stem_portfolio"), scope.member.full_name
    else:
        title = fmt.label(Label("report.title_export", {"name": scope.communities[0].display_name}))
        stem_prefix, stem_name = _("report.file_stem_export"), scope.communities[0].display_name
    sections = []
    for content in report.sections:
        tables = [DocTable(_file_name(fmt.label(Label(f"report.file_{t.name}")), t.name),
                           fmt.label(Label(f"report.table_{t.name}")),
                           [fmt.label(Label(h)) for h in t.header],
                           [[fmt.text(cell) for cell in row] for row in t.rows],
                           [[fmt.csv(cell) for cell in row] for row in t.rows], t.in_document)
                  for t in content.tables]
        charts = [bar_chart(fmt.label(Label(c.title)), [fmt.text(x) for x in c.labels],
                            [(fmt.label(Label(legend)), values) for legend, values in c.series],
                            x_label=fmt.label(Label(c.x_label)), y_label=fmt.label(Label(c.y_label)),
                            percent=c.percent) for c in content.charts]
        sections.append(DocSection(fmt.label(Label(content.title)),
                                   [fmt.label(p).strip() for p in content.paragraphs], tables, charts))
    if not sections:
        sections.append(DocSection(fmt.label(Label("report.empty_title")), [fmt.label(Label("report.empty"))]))
    cover = [(fmt.label(Label(key)), fmt.text(value)) for key, value in report.cover]
    generated = fmt.label(Label("report.generated", {"at": scope.now}))
    stem = f"{_slug(stem_prefix, 'laporan')}-{_slug(stem_name, 'kombel')}-{scope.period.first_day}-{scope.period.last_day}"
    return Document(language, title, period, generated, cover, f"{title} · {period}", stem, sections, _)
