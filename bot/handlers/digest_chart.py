"""The digest's participation chart: interactions per day as a small bar chart PNG (a few
KB: many members are on slow connections). Rendered headless with matplotlib's Agg
canvas, through the object API so no global pyplot state is shared."""

from __future__ import annotations

import io
from datetime import date

from babel.dates import format_date

BAR = "#2e7d5b"
TEXT = "#333333"
_LOCALES = {"id": "id_ID", "en": "en_GB"}


def participation_chart(days: tuple[date, ...], counts: tuple[int, ...], language: str) -> bytes:
    from matplotlib.figure import Figure  # imported on first use: matplotlib is slow to import

    figure = Figure(figsize=(4.0, 1.8), dpi=100)
    axes = figure.add_axes((0.02, 0.2, 0.96, 0.72))
    labels = [format_date(day, "EEE d", locale=_LOCALES.get(language, "id_ID")) for day in days]
    positions = range(len(days))
    bars = axes.bar(positions, counts, color=BAR, width=0.65)
    axes.bar_label(bars, labels=[str(count) if count else "" for count in counts], fontsize=8,
                   color=TEXT, padding=1)
    axes.set_xticks(list(positions), labels, fontsize=8, color=TEXT)
    axes.set_yticks([])
    axes.set_ylim(0, max(max(counts, default=0), 1) * 1.25)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="x", length=0)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()
