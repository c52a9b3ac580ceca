"""Turning a collected report (services.reports.sections.Report) into files: a PDF readable
on a phone, the same content as one HTML page, and a ZIP of CSV tables for spreadsheets.
CPU-bound and synchronous: handlers run it in the worker pool (deps.offload, bot/offload.py),
so every function here is module-level and takes plain data."""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.csv_zip import render_csv_zip
from bot.reports.document import Document, build_document
from bot.reports.html_page import render_html
from bot.reports.pdf import render_pdf
from bot.services.reports.sections import Report


@dataclass(frozen=True)
class RenderedReport:
    stem: str  # file name without extension: laporan-kkg-matematika-2026-08-01-2026-11-30
    pdf: bytes
    html: bytes | None = None
    csv_zip: bytes | None = None


def render_export(report: Report, language: str) -> RenderedReport:
    document = build_document(report, language)
    return RenderedReport(document.stem, render_pdf(document), render_html(document),
                          render_csv_zip(document))


def render_portfolio(report: Report, language: str) -> RenderedReport:
    document = build_document(report, language)
    return RenderedReport(document.stem, render_pdf(document))


__all__ = ["Document", "RenderedReport", "build_document", "render_export", "render_portfolio"]
