"""Every message fits a phone: about SCREEN_LINES lines at SCREEN_WIDTH characters, unless the
person asked for a list or a document (the short allow-list below says which and why).

Two nets. The catalogs: every message template, in both languages, filled with long values
(a new template is covered the day it is added). The composed messages: a busy community with
long names, a long name of its own and a long meeting topic, driven through the real
Application (help and its pages, health, a vote on six times, the announcement, reminders,
the nudges, the weekly digest), and every message the bot put in the group measured."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.app import next_due_at
from bot.domain.member import Actor
from bot.handlers.digest.messages import FULL
from bot.handlers.meetings import RSVP
from bot.handlers.outgoing import SECTION_RENDERERS
from bot.i18n import LANGUAGES, catalogs, plain_text, screen_lines
from bot.i18n.catalog import SCREEN_LINES, SCREEN_WIDTH, placeholders
from bot.playground.updates import Persona
from bot.services import communities, meetings
from bot.services.digest.sections import SECTIONS, digest_section
from tests.handlers.conftest import GROUP, SARI

# Templates that may be longer, because the person asked for what they show.
ALLOWED = {
    "notes.card": "a meeting's notes in full, opened with /notulen",
    "setup.summary": "the community's settings with its goal and norms in full, opened with /atur",
    "privacy.confirm": "what deleting means, before an irreversible action the person asked for",
}
# Composed messages that may be longer, by what they start with (plain text), and why.
ALLOWED_COMPOSED = {
    "📝 Periksa dulu sebelum dibuka": "the facilitator's own proposal read back, every time in full, before it opens",
    "📝 Please check before it opens": "the facilitator's own proposal read back, every time in full, before it opens",
}
LONG = "Dra. Hj. Sri Wahyuningsih Kusumawardhani"  # 40 characters: a name, a title, a place
SARI_ADMIN = Actor(SARI.user_id, is_chat_admin=True)


def _filled(template: str) -> str:
    return template.format(**{name: 12 if name == "count" else LONG for name in placeholders(template)})


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_message_fits_a_phone(language: str) -> None:
    over = []
    for key, entry in catalogs().messages[language].items():
        for template in entry if isinstance(entry, tuple) else (entry,):
            lines = screen_lines(_filled(template))
            if lines > SCREEN_LINES and key not in ALLOWED:
                over.append(f"{key}: {lines} lines")
    assert not over, f"over {SCREEN_LINES} lines at {SCREEN_WIDTH} characters: {over}"
    assert set(ALLOWED) <= set(catalogs().messages[language])  # the allow-list names real templates


def test_screen_lines_counts_what_a_phone_shows() -> None:
    assert screen_lines("<b>satu</b>") == 1
    assert screen_lines("a\n\nb") == 3
    assert screen_lines("x" * 36) == 2 and screen_lines("x" * 35) == 1


# ------------------------------------------------------------------ a busy community, composed

TEACHERS = [Persona(4100 + n, f"Dra. Hj. Sri Wahyuningsih {n}", "Kusumawardhani, S.Pd., M.Pd.")
            for n in range(10)]
COMMUNITY_NAME = "KKG Matematika Gugus 3 Kecamatan Lowokwaru Kota Malang, Jawa Timur, Angkatan 2026"[:80]
TOPIC = ("Asesmen diagnostik non-kognitif di awal tahun ajaran untuk kelas rangkap dan "
         "pembelajaran berdiferensiasi")
PLACE = "Ruang guru SDN 3 Lowokwaru, Jl. Kalpataru No. 12, lantai 2 (dekat perpustakaan)"


@pytest.fixture
def busy_section():
    """A feature with a great deal to say this week, beside the real ones."""

    @digest_section("test_busy", order=50)
    async def collect(uow, week):
        return list(range(40))

    SECTION_RENDERERS["test_busy"] = lambda data, _, community: ["🧪 <b>Banyak sekali</b>"] + [
        f"• Butir nomor {n}: praktik baik yang panjang judulnya, dari {LONG}" for n in data]
    yield
    del SECTIONS["test_busy"], SECTION_RENDERERS["test_busy"]


def _bot_texts(sim) -> list[str]:
    texts = []
    for call in sim.api.sent(GROUP.chat_id):
        text = call.params.get("text") or call.params.get("caption")
        if text and call.method in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument"):
            texts.append(text)
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_busy_community_with_long_names_gets_messages_that_fit(sim, community, busy_section,
                                                                       language) -> None:
    deps = sim.application.bot_data["deps"]
    for teacher in TEACHERS:
        sim.api.add_member(GROUP.chat_id, teacher.to_dict())
        await sim.send(teacher, GROUP, "/jadwal")
    for person in TEACHERS[:3]:
        await sim.send(person, person.private_chat(), "/start")
    for field, value in (("name", COMMUNITY_NAME), ("timezone", "WITA"), ("language", language)):
        await communities.change_setting(deps.uow(), deps.clock, chat_id=GROUP.chat_id, actor=SARI_ADMIN,
                                         field=field, value=value)
    words = {"id": ("Buka pemungutan suara", "Tutup sekarang", "Hadir", "Tidak bisa"),
             "en": ("Open the vote", "Close now", "I'll come", "Can't come")}[language]

    await sim.send(SARI, GROUP, "/bantuan")
    menu = sim.last_bot_message(GROUP).message_id
    for _n, label, _data in sim.buttons(GROUP, menu):
        await sim.press(SARI, GROUP, menu, label)
        await sim.press(SARI, GROUP, menu, 1)  # back
    await sim.send(SARI, GROUP, "/kesehatan")

    times = "; ".join(f"{day} jam {hour}" for day, hour in
                      (("senin", 9), ("selasa", 10), ("rabu", 13), ("kamis", 14), ("jumat", 15), ("sabtu", 8)))
    await sim.send(SARI, GROUP, f"/rapat {TOPIC}; {times}")
    card = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, card, words[0])
    for n, teacher in enumerate(TEACHERS[3:]):  # Thursday 14.00 wins; every time gets a vote or two
        await sim.press(teacher, GROUP, card, 4)
        if n % 6 != 3:
            await sim.press(teacher, GROUP, card, 1 + n % 6)
    await sim.advance(timedelta(hours=20), step=timedelta(hours=4), next_due=next_due_at)  # the vote reminder
    await sim.press(SARI, GROUP, card, words[1])
    announcement = [m for m in sim.api.bot_messages(GROUP.chat_id)
                    if any(RSVP.matches(data) for _, _, data in sim.buttons(GROUP, m.message_id))][-1].message_id
    for n, teacher in enumerate(TEACHERS):
        await sim.press(teacher, GROUP, announcement, words[2] if n % 3 else words[3])
    [meeting] = (await meetings.schedule(deps.uow(), deps.clock, chat_id=GROUP.chat_id)).meetings
    for detail, text in (("place", PLACE), ("agenda", "\n".join(f"{n}. {TOPIC}" for n in range(1, 9)))):
        await meetings.set_detail(deps.uow(), deps.clock, chat_id=GROUP.chat_id, actor=SARI_ADMIN,
                                  meeting_id=meeting.id, detail=detail, text=text)
    await sim.press(TEACHERS[0], GROUP, announcement, 1)  # the card, edited, with place and agenda
    await sim.send(SARI, GROUP, "/ringkasan")
    # the reminders, the notes nudge and the Monday digests arrive as the clock passes
    await sim.advance(meeting.starts_at + timedelta(days=7) - sim.clock.now(), step=timedelta(hours=6),
                      next_due=next_due_at)

    texts = _bot_texts(sim)
    assert len(texts) > 40
    for needle in ({"id": ("Besok kita rapat", "Satu jam lagi", "Ringkasan mingguan", "Jangan lupa memilih",
                           "Kesehatan komunitas", "Kapan kita rapat")}.get(language)
                   or ("tomorrow", "one hour", "Weekly digest", "choose a meeting time",
                       "Community health", "When shall we meet")):
        assert any(needle.lower() in plain_text(t).lower() for t in texts), needle
    over = [plain_text(t) for t in texts if screen_lines(t) > SCREEN_LINES
            and not plain_text(t).startswith(tuple(ALLOWED_COMPOSED))]
    assert not over, "\n\n---\n\n".join(over)
    # the busy digest kept to a screenful; the whole of it is one tap away and still one message
    digest = [m for m in sim.api.bot_messages(GROUP.chat_id) if ":".join(FULL.head) in str(m.data.get("reply_markup", ""))][-1]
    calls = await sim.press(TEACHERS[5], GROUP, digest.message_id, 1)
    [whole] = [c.params["text"] for c in calls if c.method == "sendMessage"]
    shown = digest.text or digest.data.get("caption", "")
    assert len(whole) <= 4096 and whole.count("Butir nomor") > shown.count("Butir nomor")
    private = [c.params["text"] for teacher in TEACHERS[:3] for c in sim.api.sent(teacher.user_id)
               if c.params.get("text")]
    assert any("/notulen" in t or "/notes" in t for t in private) == any(  # the notes nudge, if theirs
        meeting.roles.get(role) for role in meeting.roles)
    assert private and all(screen_lines(t) <= SCREEN_LINES for t in private), private
