"""The digest's participation chart: interactions per day as a small bar chart PNG (a few
KB: many members are on slow connections), rendered headless with matplotlib's Agg canvas.

Building a figure costs more than drawing it, and a Monday fan-out draws thousands, so one
figure per number of days is built once and only its bars and labels change per chart.
Rendering runs in the event loop's thread, one chart at a time, so the reuse is safe.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from babel.dates import format_date

BAR = "#2e7d5b"
TEXT = "#333333"
_LOCALES = {"id": "id_ID", "en": "en_GB"}


@dataclass
class _Canvas:
    figure: Any
    axes: Any
    bars: list[Any]
    values: list[Any]


@cache
def _canvas(days: int) -> _Canvas:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # slow to import: on first use
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4.0, 1.8), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.02, 0.2, 0.96, 0.72))
    bars = list(axes.bar(range(days), [0] * days, color=BAR, width=0.65))
    values = [axes.text(n, 0, "", ha="center", va="bottom", fontsize=8, color=TEXT) for n in range(days)]
    axes.set_xticks(list(range(days)))
    axes.set_yticks([])
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="x", length=0, labelsize=8, labelcolor=TEXT)
    return _Canvas(figure, axes, bars, values)


def participation_chart(days: tuple[date, ...], counts: tuple[int, ...], language: str) -> bytes:
    canvas = _canvas(len(days))
    for bar, value, count in zip(canvas.bars, canvas.values, counts, strict=True):
        bar.set_height(count)
        value.set_y(count)
        value.set_text(str(count) if count else "")
    canvas.axes.set_xticklabels(
        [format_date(day, "EEE d", locale=_LOCALES.get(language, "id_ID")) for day in days])
    canvas.axes.set_ylim(0, max(max(counts, default=0), 1) * 1.25)
    buffer = io.BytesIO()
    canvas.figure.canvas.print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()
