"""/atur, /profil, /anggota and /peran, pressed and typed as facilitators and members would."""

from __future__ import annotations

from bot.handlers import members, setup
from bot.services import communities
from tests.handlers.conftest import BUDI, GROUP, MAYA, RINA, SARI


def sent_texts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method in ("sendMessage", "editMessageText") and c.ok]


def alerts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method == "answerCallbackQuery"]


async def _community(sim):
    return await communities.find_community(sim.application.bot_data["deps"].uow(), GROUP.chat_id)


async def _open_settings(sim) -> int:
    await sim.send(SARI, GROUP, "/atur")
    menu = sim.last_bot_message(GROUP)
    assert "Pengaturan komunitas" in menu.text
    return menu.message_id


async def test_facilitator_names_the_community_by_replying(sim, community) -> None:
    menu = await _open_settings(sim)
    calls = await sim.press(SARI, GROUP, menu, "Nama")
    [asked] = [c for c in calls if c.method == "sendMessage"]
    assert asked.params["reply_markup"]["force_reply"] is True
    assert asked.params["text"].startswith(f'<a href="tg://user?id={SARI.user_id}">Sari Wulandari</a>, ')
    prompt = sim.last_bot_message(GROUP)
    calls = await sim.reply(SARI, GROUP, prompt.message_id, "KKG Matematika <Gugus 3> & Teman")
    assert any("KKG Matematika <Gugus 3> & Teman" in (m.text or "") for m in sim.api.bot_messages(GROUP.chat_id))
    assert "&lt;Gugus 3&gt; &amp; Teman" in " ".join(sent_texts(calls))  # escaped in the HTML sent
    assert (await _community(sim)).name == "KKG Matematika <Gugus 3> & Teman"


async def test_bad_typed_value_is_explained_and_nothing_saved(sim, community) -> None:
    menu = await _open_settings(sim)
    await sim.press(SARI, GROUP, menu, "Tujuan bersama")
    prompt = sim.last_bot_message(GROUP).message_id
    calls = await sim.reply(SARI, GROUP, prompt, "pendek")
    assert any("terlalu" in t or "kosong" in t or "10" in t for t in sent_texts(calls)) or sent_texts(calls)
    assert (await _community(sim)).domain is None
    await sim.reply(SARI, GROUP, prompt, "Pembelajaran matematika yang menyenangkan di kelas rendah")
    assert (await _community(sim)).domain.startswith("Pembelajaran matematika")


async def test_timezone_language_and_rhythm_by_buttons(sim, community) -> None:
    menu = await _open_settings(sim)
    await sim.press(SARI, GROUP, menu, "Zona waktu")
    await sim.press(SARI, GROUP, menu, "WITA")
    await sim.press(SARI, GROUP, menu, "Pertemuan rutin")
    await sim.press(SARI, GROUP, menu, "Mingguan")
    await sim.press(SARI, GROUP, menu, "Kamis")
    calls = await sim.press(SARI, GROUP, menu, "15.00")
    assert "setiap Kamis, 15.00 WITA" in sim.message(GROUP, menu).text
    assert alerts(calls) == ["Tersimpan ✅"]
    saved = await _community(sim)
    assert saved.timezone == "Asia/Makassar" and saved.rhythm.weekday == 3

    await sim.press(SARI, GROUP, menu, "Bahasa")
    await sim.press(SARI, GROUP, menu, "English")
    assert "Community settings" in sim.message(GROUP, menu).text
    calls = await sim.send(BUDI, GROUP, "/profil")
    assert "Routine meeting: every Thursday, 15:00 WITA" in sent_texts(calls)[0]


async def test_typed_time_zone_accepts_iana_names_and_refuses_nonsense(sim, community) -> None:
    menu = await _open_settings(sim)
    await sim.press(SARI, GROUP, menu, "Zona waktu")
    await sim.press(SARI, GROUP, menu, "Zona lain")
    prompt = sim.last_bot_message(GROUP).message_id
    calls = await sim.reply(SARI, GROUP, prompt, "Bulan/Purnama")
    assert any("Zona waktu tidak dikenal" in t for t in sent_texts(calls))
    await sim.reply(SARI, GROUP, prompt, "Asia/Jayapura")
    assert (await _community(sim)).timezone == "Asia/Jayapura"


async def test_member_cannot_press_the_facilitators_buttons(sim, community) -> None:
    menu = await _open_settings(sim)
    calls = await sim.press(BUDI, GROUP, menu, "Zona waktu")
    assert any("hanya untuk penggerak" in a for a in alerts(calls))
    calls = await sim.press_data(BUDI, GROUP, menu, setup.ZONE.data("WIT"))
    assert any("hanya untuk penggerak" in a for a in alerts(calls))
    assert (await _community(sim)).timezone == "Asia/Jakarta"


async def test_member_cannot_answer_the_facilitators_question(sim, community) -> None:
    menu = await _open_settings(sim)
    await sim.press(SARI, GROUP, menu, "Nama")
    prompt = sim.last_bot_message(GROUP).message_id
    await sim.reply(BUDI, GROUP, prompt, "Nama dari Budi")
    assert (await _community(sim)).name is None


async def test_forged_and_stale_buttons_change_nothing(sim, community) -> None:
    menu = await _open_settings(sim)
    for data in ("atur:tz:XYZ", "atur:rhythm:weekly:9:1500", "atur:digest:3:99zz", "atur:lang:fr",
                 "atur", "atur:ask:evil", "atur:rhythm:weekly:3:2561", "x" * 64):
        calls = await sim.press_data(SARI, GROUP, menu, data)
        assert alerts(calls), data
    saved = await _community(sim)
    assert (saved.timezone, saved.language, saved.rhythm, saved.digest_weekday) == ("Asia/Jakarta", "id", None, 0)


async def test_members_list_and_cofacilitator_appointment(sim, community) -> None:
    for person in (BUDI, RINA, MAYA):
        await sim.send(person, GROUP, "/profil")
    calls = await sim.send(BUDI, GROUP, "/anggota")
    listing = sent_texts(calls)[0]
    # Sari added the bot: she is a member from the start
    assert "4 anggota yang sudah memakai bot" in listing and "Budi Santoso" in listing and "Rina Marlina" in listing

    calls = await sim.send(BUDI, GROUP, "/peran")
    assert any("hanya untuk penggerak" in t for t in sent_texts(calls))
    await sim.send(SARI, GROUP, "/peran")
    roles = sim.last_bot_message(GROUP).message_id
    calls = await sim.press(SARI, GROUP, roles, "Rina Marlina")
    assert alerts(calls) == ["⭐ Sekarang ko-fasilitator"]
    assert "⭐ Rina Marlina" in [b[1] for b in sim.buttons(GROUP, roles)]

    # Rina may now open the settings; Budi still may not
    await sim.send(RINA, GROUP, "/atur")
    assert "Pengaturan komunitas" in sim.last_bot_message(GROUP).text
    calls = await sim.press_data(BUDI, GROUP, roles, members.TOGGLE.data(BUDI.user_id, 0))
    assert any("hanya untuk penggerak" in a for a in alerts(calls))
    calls = await sim.press_data(SARI, GROUP, roles, members.TOGGLE.data(424242, 0))
    assert any("belum tercatat" in a for a in alerts(calls))


async def test_anonymous_admin_is_a_facilitator(sim, community) -> None:
    calls = await sim.feed(sim.factory.anonymous_admin_text(GROUP, "/atur"))
    assert any("Pengaturan komunitas" in t for t in sent_texts(calls))


async def test_forum_topic_replies_stay_in_the_topic(sim) -> None:
    from tests.handlers.conftest import FORUM

    await sim.feed(sim.factory.bot_added(FORUM, SARI))
    calls = await sim.send(BUDI, FORUM, "/profil", thread_id=77)
    [answer] = [c for c in calls if c.method == "sendMessage"]
    assert answer.params.get("message_thread_id") == 77


async def test_other_features_settings_are_rows_of_the_menu_and_lead_back(sim, community) -> None:
    """Peer pairs and the weekly reflection add their own row to /atur (in that order, above
    "done"), and each of their views has the way back to the menu."""
    menu = await _open_settings(sim)
    rows = [[b["text"] for b in row] for row in sim.message(GROUP, menu).reply_markup["inline_keyboard"]]
    assert rows[-3:] == [["👥 Pasangan sejawat"], ["🪞 Refleksi mingguan"], ["✅ Selesai"]]
    for feature in ("👥 Pasangan sejawat", "🪞 Refleksi mingguan"):
        await sim.press(SARI, GROUP, menu, feature)
        assert "Pengaturan komunitas" not in sim.message(GROUP, menu).text
        await sim.press(SARI, GROUP, menu, "« Kembali")
        assert "Pengaturan komunitas" in sim.message(GROUP, menu).text
