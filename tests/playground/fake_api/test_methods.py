"""The stand-in's methods on their own (bot/playground/fake_api/methods.py): answers, errors and
state, checked against PTB's parsers."""

from __future__ import annotations

import pytest
from telegram import ChatFullInfo, ChatMember, File, Message, Update, User

from bot.playground.fake_api import NOT_MODIFIED, FakeBotApi
from bot.playground.runner import DEFAULT_CHATS, DEFAULT_PERSONAS
from bot.playground.updates import ChatRef, UpdateFactory

SARI, BUDI, RINA = DEFAULT_PERSONAS[:3]
KKG, MGMP = DEFAULT_CHATS
LONG_DATA = "x" * 65


@pytest.fixture
def factory(api: FakeBotApi) -> UpdateFactory:
    api.add_chat(KKG.chat_id, KKG.type, KKG.title)
    api.set_admins(KKG.chat_id, [SARI.to_dict()])
    return UpdateFactory(api)


async def test_unknown_method_is_404(api: FakeBotApi) -> None:
    assert await api.handle("sendTelepathy", {}) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "hi"}, "Bad Request: chat_id is empty"),
        ({"chat_id": KKG.chat_id}, "Bad Request: message text is empty"),
        ({"chat_id": KKG.chat_id, "text": "  "}, "Bad Request: message text is empty"),
        ({"chat_id": -42, "text": "hi"}, "Bad Request: chat not found"),
        ({"chat_id": KKG.chat_id, "text": "x" * 4097}, "Bad Request: message is too long"),
        (
            {"chat_id": KKG.chat_id, "text": "<b>unclosed", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: "
            "Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            {"chat_id": KKG.chat_id, "text": "hi <script>alert(1)</script>", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unsupported start tag \"script\" at byte offset 3",
        ),
        (
            {"chat_id": KKG.chat_id, "text": "nilai < 70", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unsupported start tag \"\" at byte offset 6",
        ),
        (
            {
                "chat_id": KKG.chat_id,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": LONG_DATA}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
    ],
)
async def test_send_message_rejects_like_telegram(
    api: FakeBotApi, factory: UpdateFactory, params: dict, description: str
) -> None:
    status, body = await api.handle("sendMessage", params)
    assert (status, body["description"]) == (400, description)
    assert api.calls[-1].error == description
    assert api.sent() == []


async def test_html_is_stored_raw_and_plain(api: FakeBotApi, factory: UpdateFactory) -> None:
    text = '<b>Rapat</b> &lt;Senin&gt; di <a href="https://x.id/?a=1&amp;b=2">ruang 😀 guru</a>'
    status, body = await api.handle(
        "sendMessage", {"chat_id": KKG.chat_id, "text": text, "parse_mode": "HTML"}
    )
    assert status == 200
    message = Message.de_json(body["result"], None)
    assert message.text == "Rapat <Senin> di ruang 😀 guru"
    assert message.text_html == (
        '<b>Rapat</b> &lt;Senin&gt; di <a href="https://x.id/?a=1&b=2">ruang 😀 guru</a>'
    )
    stored = api.stored_message(KKG.chat_id, message.message_id)
    assert (stored.raw_text, stored.text) == (text, message.text)


async def test_bare_ampersand_is_rejected_only_when_strict(factory: UpdateFactory) -> None:
    params = {"chat_id": KKG.chat_id, "text": "Tom & Jerry", "parse_mode": "HTML"}
    status, body = await factory.api.handle("sendMessage", params)
    assert status == 400 and "Unescaped \"&\"" in body["description"]
    lenient = FakeBotApi(strict_html=False)
    lenient.add_chat(KKG.chat_id, KKG.type, KKG.title)
    status, body = await lenient.handle("sendMessage", params)
    assert body["result"]["text"] == "Tom & Jerry"


async def test_user_and_bot_messages_share_one_id_counter(
    api: FakeBotApi, factory: UpdateFactory
) -> None:
    first = factory.text(KKG, BUDI, "/mulai")
    _, body = await api.handle(
        "sendMessage",
        {"chat_id": KKG.chat_id, "text": "halo", "reply_parameters": {"message_id": 1}},
    )
    second = factory.text(KKG, RINA, "terima kasih", reply_to=body["result"]["message_id"])
    ids = [first.message.message_id, body["result"]["message_id"], second.message.message_id]
    assert ids == [1, 2, 3]
    assert second.message.reply_to_message.from_user.id == api.bot_user["id"]
    assert body["result"]["reply_to_message"]["text"] == "/mulai"
    assert first.message.entities[0].type == "bot_command"


async def test_edits_follow_telegram_rules(api: FakeBotApi, factory: UpdateFactory) -> None:
    markup = {"inline_keyboard": [[{"text": "Ya", "callback_data": "y"}]]}
    _, body = await api.handle(
        "sendMessage", {"chat_id": KKG.chat_id, "text": "Setuju?", "reply_markup": markup}
    )
    message_id = body["result"]["message_id"]
    same = {"chat_id": KKG.chat_id, "message_id": message_id, "text": "Setuju?"}
    same["reply_markup"] = markup
    assert await api.handle("editMessageText", same) == (
        400, {"ok": False, "error_code": 400, "description": NOT_MODIFIED}
    )
    # Editing the text without reply_markup removes the keyboard, as on Telegram.
    status, body = await api.handle("editMessageText", {**same, "reply_markup": None, "text": "Ok"})
    assert status == 200 and "reply_markup" not in body["result"] and "edit_date" in body["result"]
    assert api.stored_message(KKG.chat_id, message_id).edit_count == 1
    status, body = await api.handle("editMessageText", {**same, "message_id": 99})
    assert body["description"] == "Bad Request: message to edit not found"
    user_message = factory.text(KKG, BUDI, "hai").message.message_id
    status, body = await api.handle("editMessageText", {**same, "message_id": user_message})
    assert body["description"] == "Bad Request: message can't be edited"


async def test_members_admins_and_strangers(api: FakeBotApi, factory: UpdateFactory) -> None:
    factory.text(KKG, BUDI, "hai")
    api.add_user(RINA.to_dict())

    async def status_of(user_id: int) -> str:
        _, body = await api.handle("getChatMember", {"chat_id": KKG.chat_id, "user_id": user_id})
        return ChatMember.de_json(body["result"], None).status

    statuses = [await status_of(p.user_id) for p in (SARI, BUDI, RINA)]
    assert statuses == ["administrator", "member", "left"]
    _, body = await api.handle("getChatMember", {"chat_id": KKG.chat_id, "user_id": 5})
    assert body["description"] == "Bad Request: user not found"
    _, body = await api.handle("getChatAdministrators", {"chat_id": KKG.chat_id})
    assert [ChatMember.de_json(m, None).user.id for m in body["result"]] == [SARI.user_id]
    _, body = await api.handle("getChatMemberCount", {"chat_id": KKG.chat_id})
    assert body["result"] == 3  # Sari, Budi and the bot
    factory.member_left(KKG, BUDI)
    assert await status_of(BUDI.user_id) == "left"


async def test_results_parse_with_ptb(api: FakeBotApi, factory: UpdateFactory) -> None:
    document = factory.document(KKG, BUDI, "rpp.pdf", content=b"%PDF")
    _, me = await api.handle("getMe", {})
    _, chat = await api.handle("getChat", {"chat_id": KKG.chat_id})
    _, file = await api.handle("getFile", {"file_id": document.message.document.file_id})
    assert User.de_json(me["result"], None).username == "kombel_bot"
    assert ChatFullInfo.de_json(chat["result"], None).title == KKG.title
    assert File.de_json(file["result"], None).file_size == 4
    assert api.file_content(file["result"]["file_path"]) == b"%PDF"
    assert factory.poll().poll.question
    assert factory.channel_post(ChatRef(-1001, "channel", "Info"), "x").channel_post


async def test_private_chats_need_the_user_to_start_the_bot(
    api: FakeBotApi, factory: UpdateFactory
) -> None:
    factory.text(KKG, BUDI, "hai")  # Telegram knows Budi, but he never opened the bot
    status, body = await api.handle("sendMessage", {"chat_id": BUDI.user_id, "text": "hai"})
    assert status == 403
    assert body["description"] == "Forbidden: bot can't initiate conversation with a user"
    factory.text(BUDI.private_chat(), BUDI, "/start")
    assert (await api.handle("sendMessage", {"chat_id": BUDI.user_id, "text": "hai"}))[0] == 200
    factory.bot_removed(BUDI.private_chat(), BUDI)
    status, body = await api.handle("sendMessage", {"chat_id": BUDI.user_id, "text": "hai"})
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")


async def test_migration_answers_old_chat_id_with_migrate_to(
    api: FakeBotApi, factory: UpdateFactory
) -> None:
    old, new = factory.migrated(KKG, -1009999, by=SARI)
    assert old.message.migrate_to_chat_id == -1009999
    assert new.message.migrate_from_chat_id == KKG.chat_id
    assert new.effective_chat.type == "supergroup"
    status, body = await api.handle("sendMessage", {"chat_id": KKG.chat_id, "text": "hai"})
    assert (status, body["parameters"]) == (400, {"migrate_to_chat_id": -1009999})
    assert (await api.handle("sendMessage", {"chat_id": -1009999, "text": "hai"}))[0] == 200
    _, body = await api.handle("getChatMember", {"chat_id": -1009999, "user_id": SARI.user_id})
    assert body["result"]["status"] == "administrator"


async def test_updates_round_trip_through_ptb(factory: UpdateFactory) -> None:
    for update in [
        factory.bot_added(KKG, SARI),
        factory.bot_promoted(KKG, SARI),
        factory.members_joined(KKG, [BUDI, RINA], by=SARI),
        factory.photo(KKG, RINA, caption="foto kegiatan"),
        factory.text(KKG, BUDI, "/echo@kombel_bot hai", thread_id=5),
        factory.text(KKG, BUDI, "diedit", edited=True),
        factory.bot_removed(KKG, SARI),
    ]:
        data = update.to_dict()
        assert Update.de_json(data, None) == update
    assert factory.api.chats[KKG.chat_id].bot_status == "kicked"
    assert factory.text(KKG, BUDI, "x").message.from_user.id == BUDI.user_id
