"""The dashboard's SVG charts: well-formed, bars in proportion, labels escaped, no script."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bot.web.charts import TEXT, TRACK, WIDTH, columns, paired_bars

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    assert "<script" not in svg and "style=" not in svg  # the pages' CSP refuses inline style
    return ET.fromstring(svg)


def test_paired_bars_are_in_proportion_and_escaped() -> None:
    root = _parse(paired_bars("Kesehatan", [("Masalah <b>", 0.5, 1.0), ("Refleksi", 0.0, 0.25)],
                              ("4 minggu", "12 minggu")))
    assert root.find(f"{NS}title").text == "Kesehatan"
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "Masalah <b>" in texts  # a text node, not markup
    assert ["50%", "100%", "0%", "25%"] == [t for t in texts if t.endswith("%")]
    filled = [float(r.get("width")) for r in root.iter(f"{NS}rect") if r.get("class") != TRACK
              and r.get("height") == str(TEXT)]
    assert filled[1] == 2 * filled[0] and filled[2] == filled[1] / 4  # 50%, 100%, 25%; 0% draws no bar
    assert int(root.get("width")) == WIDTH
    assert all(int(t.get("font-size")) >= TEXT >= 14 for t in root.iter(f"{NS}text"))


def test_columns_label_the_current_week_and_scale_to_the_most() -> None:
    points = [(f"{day}/11", count) for day, count in ((2, 0), (9, 2), (16, 4))]
    root = _parse(columns("Ikut serta", points))
    bars = [r for r in root.iter(f"{NS}rect")]
    assert [float(b.get("height")) for b in bars] == [65.0, 130.0]
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert "16/11" in labels and "2/11" in labels and "9/11" not in labels  # every other, from the last
    last = next(t for t in root.iter(f"{NS}text") if t.text == "16/11")
    assert float(last.get("x")) + 2.5 * TEXT / 2 <= WIDTH  # the current week's label is not cut off
    assert labels.count("4") == 1 and "0" not in labels
    assert _parse(columns("Kosong", []))  # no weeks: an empty axis, not an error
