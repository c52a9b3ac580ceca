"""What the community archive and the portfolio include and exclude, read back from the PDF,
HTML and CSV files a facilitator or a member would open."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta

import pypdf
import pytest

from bot.domain.activity import MEETING_ATTENDED, PROBLEM_POSTED
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.member import Actor
from bot.domain.periods import Period
from bot.reports import render_export, render_portfolio
from bot.services import kudos, personal_data, reports
from bot.services.kudos import Receiver
from bot.services.reports.sections import (
    SECTIONS,
    Audience,
    ReportScope,
    SectionContent,
    Table,
    author,
    report_section,
    shows_private,
)
from tests.services import reports_fixtures as fx

CHAT, OTHER_CHAT = -100111, -100222
PERIOD = Period(date(2026, 9, 1), date(2026, 11, 22))


@dataclass(frozen=True)
class Note:
    """A record of an imagined feature, for the fake section below."""

    community_id: int
    owner_id: int
    text: str
    private: bool = False
    anonymous: bool = False


NOTES: list[Note] = []


@pytest.fixture
def fake_section():
    """A section as another feature would write one, keeping the audience rules."""

    async def notes(uow, scope: ReportScope) -> SectionContent | None:
        people = await uow.reports.people(n.owner_id for n in NOTES)
        rows = []
        for note in NOTES:
            if note.community_id not in scope.community_ids:
                continue
            if note.private and not shows_private(scope, note.owner_id):
                continue
            if scope.audience == Audience.PORTFOLIO and note.owner_id != scope.member.id:
                continue
            rows.append((author(scope, people[note.owner_id], anonymous=note.anonymous), note.text))
        # (named as a table the catalogs know, which this world leaves empty: resources)
        return SectionContent("report.kudos_title",
                              tables=[Table("resources", ("report.col_name", "report.col_reason"), rows)])

    report_section("test_notes", order=50)(notes)
    NOTES.clear()
    yield NOTES
    SECTIONS.pop("test_notes", None)
    NOTES.clear()


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def csv_tables(data: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist()}


async def _world(uow, clock, fake_section):
    """Two communities; Sari (facilitator) and Budi and Rina in ours, Dewi elsewhere."""
    ours = await fx.community(uow, clock, CHAT, "KKG Matematika Gugus 3")
    theirs = await fx.community(uow, clock, OTHER_CHAT, "MGMP IPA Kota")
    sari = await fx.member(uow, clock, CHAT, 1, "Sari", last_name="Wulandari", private=True)
    budi = await fx.member(uow, clock, CHAT, 2, "Budi", last_name="Santoso", username="budi_s")
    rina = await fx.member(uow, clock, CHAT, 3, "Rina")
    dewi = await fx.member(uow, clock, OTHER_CHAT, 4, "Dewi")
    for who, kind in ((sari, PROBLEM_POSTED), (budi, MEETING_ATTENDED), (rina, MEETING_ATTENDED)):
        await fx.activity(uow, ours.id, who.id, kind, clock.now() - timedelta(days=10))
    await kudos.give_kudos(uow(), clock, chat_id=CHAT, giver_telegram_id=1, receiver=Receiver(member_id=budi.id),
                           reason="Lembar kerja pecahan yang rapi")
    fake_section += [
        Note(ours.id, budi.id, "Catatan terbuka Budi"),
        Note(ours.id, budi.id, "Refleksi pribadi Budi", private=True),
        Note(ours.id, rina.id, "Masalah anonim Rina", anonymous=True),
        Note(ours.id, rina.id, "Refleksi pribadi Rina", private=True),
        Note(theirs.id, dewi.id, "Catatan komunitas lain"),
    ]
    return ours, sari, budi, rina, dewi


async def test_export_includes_the_community_and_keeps_private_and_anonymous_rules(uow, clock, fake_section) -> None:
    await _world(uow, clock, fake_section)
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=Actor(1, is_chat_admin=True),
                                        period=PERIOD, admins={1: "Sari Wulandari"})
    files = render_export(report, "id")
    text = pdf_text(files.pdf)
    assert "Laporan Komunitas KKG Matematika Gugus 3" in text
    assert "Fasilitator Sari Wulandari" in text  # the cover block
    assert "Lembar kerja pecahan yang rapi" in text and "Budi Santoso" in text
    assert "Catatan terbuka Budi" in text
    assert "Masalah anonim Rina" in text and "Anonim" in text
    for hidden in ("Refleksi pribadi", "Catatan komunitas lain", "Dewi", "MGMP"):
        assert hidden not in text
    notes_row = [row for row in csv_tables(files.csv_zip)["sumber_belajar.csv"] if "Masalah anonim Rina" in row]
    assert notes_row == [["Anonim", "Masalah anonim Rina"]]
    page = files.html.decode()
    assert "Catatan terbuka Budi" in page and "Refleksi pribadi" not in page
    assert "<td>Anonim</td><td>Masalah anonim Rina</td>" in page
    tables = csv_tables(files.csv_zip)
    assert tables["anggota.csv"][0] == ["Nama", "Peran", "Bergabung"]
    assert sorted(row[:2] for row in tables["anggota.csv"][1:]) == [
        ["Budi Santoso", "anggota"], ["Rina", "anggota"], ["Sari Wulandari", "fasilitator"]]
    assert tables["apresiasi.csv"][1][1:] == ["Sari Wulandari", "Budi Santoso", "Lembar kerja pecahan yang rapi"]


async def test_export_in_english_and_for_facilitators_only(uow, clock, fake_section) -> None:
    await _world(uow, clock, fake_section)
    with pytest.raises(NotAllowed):
        await reports.build_export(uow(), clock, chat_id=CHAT, actor=Actor(2), period=PERIOD)
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=Actor(1, True), period=PERIOD)
    text = pdf_text(render_export(report, "en").pdf)
    assert "Community Report: KKG Matematika Gugus 3" in text
    assert "Members and participation" in text and "Anonymous" in text and "Page 1 of" in text


async def test_erased_members_show_as_deleted_and_their_words_go(uow, clock, fake_section) -> None:
    await _world(uow, clock, fake_section)
    fake_section.clear()  # the imagined feature registers no personal-data provider
    assert await personal_data.erase_my_data(uow(), clock, telegram_user_id=2)
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=Actor(1, True), period=PERIOD)
    files = render_export(report, "id")
    text = pdf_text(files.pdf)
    assert "Budi" not in text and "Lembar kerja pecahan" not in text
    assert "anggota terhapus" in text  # the kudos still counts, towards a deleted member
    assert "Apresiasi diberikan: 1." in text


async def test_portfolio_is_mine_with_my_private_material(uow, clock, fake_section) -> None:
    await _world(uow, clock, fake_section)
    report = await reports.build_portfolio(uow(), clock, telegram_user_id=2, period=PERIOD)
    for language, title, received in (("id", "Portofolio Pengembangan Profesional Budi Santoso",
                                       "Apresiasi diterima dari rekan: 1."),
                                      ("en", "Professional Development Portfolio: Budi Santoso",
                                       "Thank-yous received from colleagues: 1.")):
        text = pdf_text(render_portfolio(report, language).pdf)
        assert title in text and received in text
        assert "Lembar kerja pecahan yang rapi" in text and "KKG Matematika Gugus 3" in text
        assert "Catatan terbuka Budi" in text and "Refleksi pribadi Budi" in text
        for hidden in ("Rina", "Refleksi pribadi Rina", "Catatan komunitas lain", "MGMP"):
            assert hidden not in text


async def test_a_stranger_has_no_portfolio(uow, clock) -> None:
    with pytest.raises(NotFound):
        await reports.build_portfolio(uow(), clock, telegram_user_id=999, period=PERIOD)


async def test_an_export_waits_for_the_private_chat_once(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    await fx.member(uow, clock, CHAT, 1, "Sari")
    await reports.remember_export(uow(), clock, chat_id=CHAT, actor=Actor(1, True), period=PERIOD)
    pending = await reports.take_pending_export(uow(), clock, telegram_user_id=1)
    assert pending == (community, PERIOD)
    assert await reports.take_pending_export(uow(), clock, telegram_user_id=1) is None


async def test_a_long_table_is_cut_in_the_pdf_but_whole_in_the_csv(uow, clock) -> None:
    await fx.community(uow, clock, CHAT, "KKG")
    for user_id in range(1, 71):
        await fx.member(uow, clock, CHAT, user_id, f"Guru {user_id:02d}")
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=Actor(1, True), period=PERIOD)
    files = render_export(report, "id")
    assert "dan 10 baris lainnya, lengkap di anggota.csv" in pdf_text(files.pdf)
    assert len(csv_tables(files.csv_zip)["anggota.csv"]) == 71
