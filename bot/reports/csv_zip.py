"""Every table of the report as a CSV file in one ZIP: UTF-8 (with the byte-order mark
spreadsheet programs look for), a header row, one file per kind of record."""

from __future__ import annotations

import csv
import io
import zipfile

from bot.reports.document import Document


def render_csv_zip(document: Document) -> bytes:
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in document.sections:
            for table in section.tables:
                name, n = table.name, 2
                while name in used:
                    name, n = f"{table.name}_{n}", n + 1
                used.add(name)
                text = io.StringIO()
                writer = csv.writer(text)
                writer.writerow(table.header)
                writer.writerows(table.csv_rows)
                archive.writestr(f"{name}.csv", text.getvalue().encode("utf-8-sig"))
    return buffer.getvalue()
