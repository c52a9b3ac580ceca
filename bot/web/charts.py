"""Small SVG charts for the dashboard, drawn on the server: no JavaScript, no matplotlib, a
few hundred bytes each, sharp on any screen, coloured by the page's theme
(classes that app.css colours with the theme's variables).

The viewBox is as wide as a chart card on a 360-pixel phone, so 14 units of text are 14 pixels
there; the SVG scales down with its card and never scrolls sideways. Labels are plain text,
escaped here; a `<title>` and `role="img"` give screen readers the chart's name."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH = 320  # a 360-pixel screen less the page's and the card's padding
TEXT = 14
# Classes, coloured by app.css from the theme (the pages' CSP allows no inline style).
RECENT = "recent"
LONGER = "longer"
AXIS = "axis"
LABEL = "label"
HINT = "hint"
TRACK = "track"  # the empty part of a bar


def _text(x: float, y: float, text: str, *, cls: str = LABEL, anchor: str = "start") -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" font-size="{TEXT}" text-anchor="{anchor}" '
            f'class="{cls}">{escape(text)}</text>')


def _svg(height: float, title: str, body: list[str]) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
                  f'role="img" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
                  + "".join(body) + "</svg>")


def paired_bars(title: str, rows: Sequence[tuple[str, float, float]], legends: tuple[str, str]) -> Markup:
    """One measure per row, its label above two bars: the last 4 weeks (solid) and the last 12
    (light), as shares from 0 to 1, each with its percentage at the end."""
    bar, gap, label_height = TEXT, 4, TEXT + 6
    row_height = label_height + 2 * bar + gap + 12
    track = WIDTH - 44
    body = []
    y = 0.0
    for legend, cls, x in ((legends[0], RECENT, 0), (legends[1], LONGER, WIDTH // 2)):
        body.append(f'<rect x="{x}" y="{y + 3:.0f}" width="12" height="12" rx="2" class="{cls}"/>')
        body.append(_text(x + 18, y + TEXT, legend, cls=HINT))
    y += TEXT + 12
    for label, recent, longer in rows:
        body.append(_text(0, y + TEXT, label))
        top = y + label_height
        for index, (share, cls) in enumerate(((recent, RECENT), (longer, LONGER))):
            share = min(1.0, max(0.0, share))
            bar_y = top + index * (bar + gap)
            body.append(f'<rect x="0" y="{bar_y:.0f}" width="{track}" height="{bar}" rx="2" class="{TRACK}"/>')
            if share > 0:
                body.append(f'<rect x="0" y="{bar_y:.0f}" width="{max(2.0, track * share):.0f}" height="{bar}" '
                            f'rx="2" class="{cls}"/>')
            body.append(_text(WIDTH, bar_y + bar - 2, f"{round(100 * share)}%", cls=HINT, anchor="end"))
        y += row_height
    return _svg(y, title, body)


def columns(title: str, points: Sequence[tuple[str, int]], *, every: int = 2) -> Markup:
    """A column per point (a week), its count above it when not zero; the x labels of every
    `every`-th point, counted from the last (the current week is always labelled)."""
    top, axis_height = TEXT + 6, 130
    bottom = top + axis_height
    height = bottom + TEXT + 8
    most = max((count for _, count in points), default=0) or 1
    slot = WIDTH / max(1, len(points))
    width = max(4.0, slot * 0.6)
    body = [f'<line x1="0" y1="{bottom}" x2="{WIDTH}" y2="{bottom}" class="{AXIS}"/>']
    for index, (label, count) in enumerate(points):
        x = index * slot + (slot - width) / 2
        tall = axis_height * count / most
        if count:
            body.append(f'<rect x="{x:.1f}" y="{bottom - tall:.1f}" width="{width:.1f}" height="{tall:.1f}" '
                        f'rx="2" class="{RECENT}"/>')
            body.append(_text(x + width / 2, bottom - tall - 4, str(count), anchor="middle"))
        if (len(points) - 1 - index) % every == 0:  # kept inside the box: "21/12" is ~36 units wide
            centre = min(max(x + width / 2, 2.5 * TEXT / 2), WIDTH - 2.5 * TEXT / 2)
            body.append(_text(centre, bottom + TEXT + 4, label, cls=HINT, anchor="middle"))
    return _svg(height, title, body)
