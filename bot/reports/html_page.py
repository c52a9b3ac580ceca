"""The report as one self-contained HTML page (charts inlined), for a phone's browser."""

from __future__ import annotations

import base64
from html import escape

from bot.reports.document import Document

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:17px;line-height:1.5;
margin:0 auto;max-width:40em;padding:1em;color:#222}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;border-bottom:2px solid #2a7ab0;margin-top:1.6em}
.muted{color:#666;font-size:.9em}img{max-width:100%;height:auto}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#eef4f9}
h3{font-size:1em;margin:1em 0 .2em}.cover th{width:9em}
@media print{body{max-width:none;font-size:11pt}h2{break-after:avoid}tr{break-inside:avoid}}
@page{size:A4;margin:18mm}
"""


def render_html(document: Document) -> bytes:
    parts = [f'<!doctype html><html lang="{document.language}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width,initial-scale=1">',
             f"<title>{escape(document.title)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{escape(document.title)}</h1>"]
    if document.cover:
        parts.append('<table class="cover"><tbody>' + "".join(
            f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in document.cover)
            + "</tbody></table>")
    parts.append(f'<p class="muted">{escape(document.generated)}</p>')
    for section in document.sections:
        parts.append(f"<section><h2>{escape(section.title)}</h2>")
        parts += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
        for chart in section.charts:
            data = base64.b64encode(chart).decode()
            parts.append(f'<p><img alt="{escape(section.title)}" src="data:image/png;base64,{data}"></p>')
        for table in section.tables:
            if not table.in_document or not table.rows:
                continue
            parts.append(f"<h3>{escape(table.title)}</h3>")
            head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                           for row in table.rows)
            parts.append(f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
                         f"<tbody>{rows}</tbody></table></div>")
        parts.append("</section>")
    parts.append(f'<p class="muted">{escape(document.footer)}</p></body></html>')
    return "".join(parts).encode("utf-8")
