"""Render the documents the playground examples produce to PNG, to look at them as a
principal would: `python -m tests.render_documents [OUT_DIR] [SCRIPT ...]`.

Runs each script (default: examples/reports.txt and examples/documents_en.txt) in the
playground, saves every file the bot sent (PDF, HTML, CSV ZIP, charts) into OUT_DIR
(default: documents-preview/), and turns each PDF page into a PNG with poppler's `pdftoppm`
(Debian: `apt-get install poppler-utils`) at 60 dpi, e.g. `laporan-...-1.png`. Prints each
PDF's page count and page size. Not part of the test suite: the tests check A4, the page
count and the words; this is for the eyes.
"""

from __future__ import annotations

import asyncio
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf

from bot.playground.main import make_playground

SCRIPTS = ("examples/reports.txt", "examples/documents_en.txt")


def render(out: Path, scripts: list[str]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    for script in scripts:
        playground = make_playground()
        if asyncio.run(playground.run_script(script, out=io.StringIO())) != 0:
            print(f"{script}: the script's expectations failed; run it in the playground to see why")
            return 1
        for number, stored in enumerate(playground.api.files.values(), start=1):
            if stored.content.startswith(b"\x89PNG"):  # a chart sent as a photo
                path = out / f"{Path(script).stem}-chart-{number}.png"
            elif stored.file_name:
                path = out / stored.file_name
            else:
                continue
            path.write_bytes(stored.content)
            if path.suffix != ".pdf":
                continue
            pages = pypdf.PdfReader(io.BytesIO(stored.content)).pages
            box = pages[0].mediabox
            print(f"{path.name}: {len(pages)} page(s), {float(box.width):.0f} x {float(box.height):.0f} pt")
            if pdftoppm:
                subprocess.run([pdftoppm, "-png", "-r", "60", str(path), str(path.with_suffix(""))], check=True)
    if not pdftoppm:
        print("pdftoppm not found: install poppler-utils to get PNGs of the pages")
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("documents-preview")
    sys.exit(render(target, sys.argv[2:] or list(SCRIPTS)))
