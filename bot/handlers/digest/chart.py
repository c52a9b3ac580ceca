"""The digest's chart: what members did each day of the week (problems raised, solutions
offered or tried, reflections, meeting attendance) as small stacked bars, with a title, both
axes labelled and a legend. A PNG of a few KB (many members are on slow connections),
rendered headless with matplotlib's Agg canvas. Using the bot is not shown: it is not work.

Drawing is CPU-bound (matplotlib), so the digest draws in the worker pool (`bot.offload`):
`draw_chart` takes plain values (the texts already translated) so it can cross a process
boundary. Building a figure costs more than drawing it, and a Monday fan-out draws thousands,
so each worker builds one figure per number of days once and only changes its bars and
texts per chart; a worker draws one chart at a time, so the reuse is safe.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from babel.dates import format_date

from bot.domain.activity import WORK_SERIES
from bot.i18n import Texts, plain_text

COLOURS = ("#2a7ab0", "#f0a030", "#5aa05a", "#b05a7a")
TEXT = "#333333"
_LOCALES = {"id": "id_ID", "en": "en_GB"}


@dataclass
class _Canvas:
    figure: Any
    axes: Any
    stacks: list[list[Any]]  # per series, one bar per day
    totals: list[Any]
    legend_texts: list[Any]


@cache
def _canvas(days: int) -> _Canvas:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # slow to import: on first use
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(5.0, 3.0), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.1, 0.24, 0.88, 0.56))
    stacks = [list(axes.bar(range(days), [0] * days, color=colour, width=0.65, label=" "))
              for colour, _ in zip(COLOURS, WORK_SERIES, strict=False)]
    totals = [axes.text(n, 0, "", ha="center", va="bottom", fontsize=8, color=TEXT) for n in range(days)]
    axes.set_xticks(list(range(days)))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8, labelcolor=TEXT)
    locator = axes.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default AutoLocator is one: whole counts only
        locator.set_params(integer=True)
    legend = axes.legend(fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncols=4,
                         handlelength=1.2, columnspacing=1.0)
    return _Canvas(figure, axes, stacks, totals, list(legend.get_texts()))


@dataclass(frozen=True)
class ChartLabels:
    """The chart's words, translated before the chart leaves for a worker."""

    title: str
    x: str
    y: str
    legend: tuple[str, ...]  # one per WORK_SERIES entry
    locale: str


def chart_labels(_: Texts) -> ChartLabels:
    return ChartLabels(plain_text(_("chart.digest_title")), plain_text(_("chart.axis_day")),
                       plain_text(_("report.axis_count")),
                       tuple(plain_text(_(f"report.legend_{name}")) for name, _kinds in WORK_SERIES),
                       _LOCALES.get(_.language, "id_ID"))


def draw_chart(days: tuple[date, ...], work: tuple[tuple[int, ...], ...], labels: ChartLabels) -> bytes:
    """`work[d][s]`: how many of series `s` (WORK_SERIES) members did on `days[d]`. Module-level
    and given plain values, so `Offload.run` can send it to a worker process."""
    canvas = _canvas(len(days))
    bottoms = [0] * len(days)
    for series, bars in enumerate(canvas.stacks):
        for day, bar in enumerate(bars):
            bar.set_y(bottoms[day])
            bar.set_height(work[day][series])
            bottoms[day] += work[day][series]
    for day, total in enumerate(canvas.totals):
        total.set_y(bottoms[day])
        total.set_text(str(bottoms[day]) if bottoms[day] else "")
    for text, label in zip(canvas.legend_texts, labels.legend, strict=True):
        text.set_text(label)
    axes = canvas.axes
    axes.set_title(labels.title, fontsize=10, color=TEXT, loc="left", pad=18)
    axes.set_xlabel(labels.x, fontsize=8, color=TEXT)
    axes.set_ylabel(labels.y, fontsize=8, color=TEXT)
    axes.set_xticklabels([format_date(day, "EEE\nd", locale=labels.locale) for day in days])
    axes.set_ylim(0, max(max(bottoms, default=0), 1) * 1.25)
    buffer = io.BytesIO()
    canvas.figure.canvas.print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()


def chart_texts(days: int) -> dict[str, object]:
    """What the last chart drawn for `days` days says (title, axes, legend): for tests."""
    axes = _canvas(days).axes
    return {"title": axes.get_title(loc="left"), "x": axes.get_xlabel(), "y": axes.get_ylabel(),
            "legend": [t.get_text() for t in _canvas(days).legend_texts]}
