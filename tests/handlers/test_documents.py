"""Documents fit to hand to a principal or a district office, through the real Application
on both databases: A4 pages with a cover block, a page count that follows the content, only
professional-development evidence (never "pressed a button"), facilitators named as such,
a portfolio in the order of the teacher's performance cycle that never prints a mood score
or an "only me" reflection, charts of people's work, file names in the community's language,
and /sumber's current national resources."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone

import pypdf
import pytest

from bot.domain.member import Actor
from bot.domain.practices import Resource
from bot.handlers.digest.chart import chart_texts
from bot.playground.simulator import Simulator
from bot.playground.updates import Persona
from bot.services import communities
from tests.handlers.conftest import BUDI, GROUP, MAYA, RINA, SARI, opened_privately
from tests.handlers.reports.test_reports_flow import documents, pdf_text

A4 = (595.28, 841.89)  # points
FILLER = ("menekan tombol", "mengetik perintah", "mengirim pesan ke bot", "Kegiatan tercatat",
          "pressed a button", "typed a command", "sent a message to the bot", "Activities recorded")
PRIVATE_TEXT = "Saya masih ragu mengajar pecahan"


@pytest.fixture
async def sim(sim: Simulator) -> Simulator:
    return await opened_privately(sim)


def pdf_pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


def csv_files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


async def _reflect(sim: Simulator, who: Persona, answers: tuple[str, ...], feeling: str, visibility: str) -> None:
    private = who.private_chat()
    await sim.send(who, private, "/start r_1_f_0")
    for answer in answers:
        await sim.send(who, private, answer)
    await sim.press(who, private, sim.last_bot_message(private).message_id, feeling)
    await sim.press(who, private, sim.last_bot_message(private).message_id, visibility)
    assert "Terima kasih" in sim.last_bot_message(private).text


async def _cycle(sim: Simulator) -> None:
    """A fortnight of a small community's work, as its members do it."""
    await sim.send(BUDI, GROUP, "/masalah Siswa kelas 4 sulit memahami pecahan senilai.")
    card = sim.last_bot_message(GROUP).message_id
    await sim.reply(RINA, GROUP, card, "Gunakan kertas lipat: lipat dua, lalu lipat empat.")
    solution = sim.last_bot_message(GROUP).message_id
    await sim.press(BUDI, GROUP, solution, "Sudah saya coba")
    await sim.press(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, 1)
    await _reflect(sim, BUDI, ("Exit ticket berjalan baik.", "Waktunya mepet.", "Pertanyaan pendek membantu.",
                               "Saya pakai lagi minggu depan."), "4", "Seluruh komunitas")
    await _reflect(sim, BUDI, (PRIVATE_TEXT, "-", "-", "-"), "2", "Hanya saya")


async def _export(sim: Simulator) -> dict[str, bytes]:
    await sim.send(SARI, GROUP, "/ekspor")
    await sim.press(SARI, GROUP, sim.last_bot_message(GROUP).message_id, 1)
    return documents(sim, SARI.user_id)


async def _portfolio(sim: Simulator, who: Persona) -> tuple[str, bytes]:
    private = who.private_chat()
    await sim.send(who, private, "/portofolio")
    await sim.press(who, private, sim.last_bot_message(private).message_id, 2)
    (name, pdf), = documents(sim, who.user_id).items()
    return name, pdf


async def test_the_export_is_a4_with_a_cover_only_evidence_and_the_facilitator_named(sim: Simulator) -> None:
    await _cycle(sim)
    files = await _export(sim)
    (pdf_name, pdf), = ((n, d) for n, d in files.items() if n.endswith(".pdf"))
    assert pdf_name.startswith("laporan-kkg-matematika-gugus-3-")
    pages = pdf_pages(pdf)
    assert all((round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) == A4 for p in pages)
    # 3 members and a fortnight's work fit a few pages (it was 9 narrow pages before)
    assert len(pages) <= 3
    text = pdf_text(pdf)
    first_page = " ".join(pages[0].extract_text().split())
    for cover in ("Komunitas KKG Matematika Gugus 3", "Periode 1 Nov 2026 – ", "Fasilitator Sari Wulandari",
                  "Jumlah anggota 3"):
        assert cover in first_page, cover
    html = next(d for n, d in files.items() if n.endswith(".html")).decode()
    assert "<th>Fasilitator</th><td>Sari Wulandari</td>" in html
    tables = csv_files(next(d for n, d in files.items() if n.endswith(".zip")))
    assert {"anggota.csv", "masalah.csv", "solusi.csv", "uji_coba_solusi.csv", "refleksi.csv"} <= set(tables)
    members = tables["anggota.csv"].splitlines()
    assert members[0] == "Nama,Peran,Bergabung"
    assert any(row.startswith("Sari Wulandari,fasilitator,") for row in members)
    assert any(row.startswith("Budi Santoso,anggota,") for row in members)
    assert "Sari Wulandari fasilitator" in text and "<td>Sari Wulandari</td><td>fasilitator</td>" in html
    everything = text + html + "".join(tables.values())
    for filler in FILLER:
        assert filler not in everything, filler
    assert PRIVATE_TEXT not in everything
    # what members did is counted: the problem, the solution, the trial, the shared reflection
    work = tables["kegiatan_anggota.csv"]
    for line in ("mengangkat masalah,1,1", "mengusulkan solusi,1,1", "mencoba solusi,1,1", "menulis refleksi,1,1"):
        assert line in work, work


async def test_an_empty_period_is_one_page_and_more_work_means_more_pages(sim: Simulator) -> None:
    files = await _export(sim)
    quiet = next(d for n, d in files.items() if n.endswith(".pdf"))
    assert len(pdf_pages(quiet)) == 1
    for n in range(25):
        await sim.send(BUDI if n % 2 else RINA, GROUP, f"/masalah Masalah kelas nomor {n + 1} yang perlu dibahas.")
    busy = next(d for n, d in (await _export(sim)).items() if n.endswith(".pdf") and d != quiet)
    assert 1 < len(pdf_pages(busy)) <= 4


async def test_the_portfolio_follows_the_performance_cycle_without_private_data(sim: Simulator) -> None:
    await _cycle(sim)
    name, pdf = await _portfolio(sim, BUDI)
    assert name.startswith("portofolio-budi-santoso-")
    pages = pdf_pages(pdf)
    assert all((round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) == A4 for p in pages)
    assert len(pages) <= 2
    text = pdf_text(pdf)
    for cover in ("Guru Budi Santoso", "KKG Matematika Gugus 3 (anggota)",
                  "Fasilitator KKG Matematika Gugus 3: Sari Wulandari"):
        assert cover in text, cover
    stages = ["1. Target perilaku dan rencana upaya", "2. Aksi yang dicoba di kelas", "3. Observasi dan umpan balik",
              "4. Tindak lanjut", "5. Refleksi"]
    positions = [text.index(stage) for stage in stages]
    assert positions == sorted(positions)
    assert "Masalah yang saya angkat: 1." in text and "Solusi yang saya coba di kelas: 1." in text
    # the private reflection is a number; its words and every feeling score stay out
    assert "Refleksi yang saya tulis: 2; dibagikan: 1; hanya untuk saya sendiri: 1." in text
    assert "Exit ticket berjalan baik." in text and PRIVATE_TEXT not in text
    for private in ("Perasaan", "perasaan", "(1-5)"):
        assert private not in text
    for filler in FILLER + ("Hari aktif",):
        assert filler not in text, filler


async def test_the_facilitator_is_a_facilitator_in_her_own_portfolio(sim: Simulator) -> None:
    _, pdf = await _portfolio(sim, SARI)
    text = pdf_text(pdf)
    assert "KKG Matematika Gugus 3 (fasilitator)" in text and "(anggota)" not in text
    assert "Belum ada catatan pada periode ini." in text  # every stage is there, even an empty one


async def test_an_english_community_gets_english_files_and_tables(sim: Simulator) -> None:
    await _cycle(sim)
    deps = sim.application.bot_data["deps"]
    await communities.change_setting(deps.uow(), deps.clock, chat_id=GROUP.chat_id,
                                     actor=Actor(SARI.user_id, is_chat_admin=True), field="language", value="en")
    files = await _export(sim)
    names = sorted(files)
    assert all(n.startswith("report-kkg-matematika-gugus-3-") for n in names), names
    tables = csv_files(next(d for n, d in files.items() if n.endswith(".zip")))
    assert {"members.csv", "problems.csv", "solutions.csv", "solution_trials.csv", "members_work.csv"} <= set(tables)
    assert any(row.startswith("Sari Wulandari,facilitator,") for row in tables["members.csv"].splitlines())
    text = pdf_text(next(d for n, d in files.items() if n.endswith(".pdf")))
    assert "Community KKG Matematika Gugus 3" in text and "Facilitators Sari Wulandari" in text
    for filler in FILLER:
        assert filler not in text + "".join(tables.values())
    # Maya reads her portfolio in English, named in English
    await sim.send(MAYA, GROUP, "/help")
    await sim.send(MAYA, MAYA.private_chat(), "/start")
    private = MAYA.private_chat()
    await sim.send(MAYA, private, "/portfolio")
    await sim.press(MAYA, private, sim.last_bot_message(private).message_id, 2)
    (name, pdf), = documents(sim, MAYA.user_id).items()
    assert name.startswith("portfolio-") and "1. Target behaviour and planned effort" in pdf_text(pdf)


async def test_the_digest_chart_shows_work_with_a_title_and_axes_never_bot_use(sim: Simulator) -> None:
    from bot.app import next_due_at

    monday = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)  # 07.00 WIB
    await sim.run_jobs()
    await sim.advance(monday + timedelta(hours=1) - sim.clock.now(), step=timedelta(hours=12),
                      next_due=next_due_at)
    quiet = [c for c in sim.api.sent(GROUP.chat_id) if "Ringkasan mingguan" in str(c.params)]
    assert quiet and all(c.method == "sendMessage" for c in quiet)  # commands typed: no chart
    await sim.send(BUDI, GROUP, "/masalah Siswa kelas 4 sulit memahami pecahan senilai.")
    await sim.reply(RINA, GROUP, sim.last_bot_message(GROUP).message_id, "Gunakan kertas lipat.")
    await sim.advance(timedelta(days=7), step=timedelta(hours=12), next_due=next_due_at)
    [with_chart] = [c for c in sim.api.sent(GROUP.chat_id) if c.method == "sendPhoto"]
    [(_, png)] = with_chart.files.values()
    assert png.startswith(b"\x89PNG") and len(png) < 30_000
    assert chart_texts(7) == {"title": "Kegiatan anggota minggu ini", "x": "Hari", "y": "Jumlah",
                              "legend": ["Masalah", "Solusi diusulkan/dicoba", "Refleksi", "Kehadiran"]}


async def test_sumber_lists_the_current_national_platforms_and_retires_the_old_ones(sim: Simulator) -> None:
    deps = sim.application.bot_data["deps"]
    async with deps.uow() as work:  # a community seeded before the ministry moved teachers' learning
        community = await work.communities.get_by_chat(GROUP.chat_id)
        for key, title, url in (("pmm", "Platform Merdeka Mengajar", "https://guru.kemdikbud.go.id"),
                                ("ipusnas", "iPusnas", "https://ipusnas.id")):
            await work.resources.add(Resource(0, community.id, url, None, title, key), None, deps.clock.now())
        await work.commit()
    await sim.send(BUDI, GROUP, "/sumber")
    listing = sim.last_bot_message(GROUP).text
    assert "Rumah Pendidikan" in listing and "Ruang GTK" in listing and "iPusnas" in listing
    assert "Merdeka Mengajar" not in listing and "Rumah Belajar" not in listing
    assert listing.count("iPusnas") == 1
    await sim.send(BUDI, GROUP, "/cari merdeka mengajar")
    assert "Platform Merdeka Mengajar" not in sim.last_bot_message(GROUP).text
