"""Small bar charts as PNG, drawn with matplotlib's object API (no pyplot state), so
several exports can render at once in threads."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

COLOURS = ("#2a7ab0", "#f0a030", "#5aa05a", "#b05a7a")


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list[float]]], *,
              x_label: str, y_label: str, percent: bool = False) -> bytes:
    """Grouped bars, one group per label, with a title, both axes labelled and a legend;
    sized for half an A4 page (about 1050 x 525 px), still readable on a phone."""
    figure = Figure(figsize=(7, 3.5), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = max(1, len(series))
    width = 0.8 / count
    positions = range(len(labels))
    for index, (legend, values) in enumerate(series):
        axes.bar([p + (index - (count - 1) / 2) * width for p in positions], values, width,
                 label=legend, color=COLOURS[index % len(COLOURS)])
    axes.set_title(title, fontsize=11)
    axes.set_xticks(list(positions), labels, fontsize=7, rotation=35 if len(labels) > 6 else 0,
                    ha="right" if len(labels) > 6 else "center")
    axes.tick_params(axis="y", labelsize=8)
    axes.set_xlabel(x_label, fontsize=9)
    axes.set_ylabel(y_label, fontsize=9)
    if percent:
        axes.set_ylim(0, 100)
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0f}%")
    else:
        locator = axes.yaxis.get_major_locator()
        if isinstance(locator, MaxNLocator):  # the default AutoLocator is one: whole counts only
            locator.set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
