"""The playground: chat with the bot in a terminal, or replay a script, with no Telegram.

A handful of teacher personas and chats are set up on the fake Bot API; whatever you type is
sent as the current persona in the current chat and goes through the real Application. Time
only moves when told (`:clock +1d`), and the bot's scheduled jobs run as it moves, so a
weekly digest can be watched arriving. Scripts of the same commands, with `expect` lines,
double as smoke tests: `run_script` returns a non-zero exit code when the bot raised, a
command was unknown or an expectation failed.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import sys
import textwrap
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from telegram.ext import Application
from telegram.request import BaseRequest

from bot.domain.clock import Clock, FakeClock
from bot.playground.api_state import ApiCall
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.file_text import file_text
from bot.playground.simulator import NextDue, Simulator
from bot.playground.updates import ChatRef, Persona

BuildApp = Callable[[BaseRequest, Clock], Application | Awaitable[Application]]

DEFAULT_PERSONAS: tuple[Persona, ...] = (
    Persona(1001, "Sari", "Wulandari", "sari_wulandari"),  # facilitator, group admin
    Persona(1002, "Budi", "Santoso", "budi_santoso"),
    Persona(1003, "Rina", "Marlina"),  # no username, like many teachers
    Persona(1004, "Joko", "Prasetyo"),  # over 50, types slowly, prefers buttons
    Persona(1005, "Maya", "Lestari", "maya_lestari", language_code="en"),
)
DEFAULT_CHATS: tuple[ChatRef, ...] = (
    ChatRef(-4001234567, "group", "KKG Matematika Gugus 3"),
    ChatRef(-1001987654321, "supergroup", "MGMP IPA Kota Malang"),
)

HELP = """\
Type a message or /command to send it as the current persona in the current chat.
  :who                     list the personas     :as N|name   speak as one of them
  :in                      list the chats        :in N|name   switch (last: private)
  :reply N text            reply to message #N   :answer text  reply to the bot's last message
  :press N                 press button N of the last keyboard in this chat
  :press M.N               press button N of message #M (or :press <button text>,
                           :press "14.00" for a button whose text is a number)
  :file name.pdf [caption] send a document       :photo [caption]  send a photo
  :open [N]                read the file the bot sent as message #N, or its last one here
                           (PDF, HTML, CSV ZIP)
  :join  :leave            you join or leave the current group
  :bot added|promoted|removed   you add, promote or remove the bot here
  :migrate                 the current group becomes a supergroup (new chat id)
  :clock                   show the time         :tick        run scheduled jobs now
  :clock +1d2h30m          let time pass (w d h m s); jobs run as it passes
  :clock 2026-11-30 07:00  go forward to a local time
  :calls [N]               the last N raw Bot API calls (default 10)
  :help  :quit
Scripts also accept `as <persona> in <chat>: <text>` (switches both), `expect <text>`
(must appear in the previous command's bot output) and `# heading` lines."""

_DURATION = re.compile(r"\+((?:\d+[wdhms])+)$")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_ONE_LINER = re.compile(r"as\s+(.+?)\s+in\s+(.+?):\s?(.*)$", re.IGNORECASE | re.DOTALL)


class ScriptError(Exception):
    """A command the playground cannot carry out (unknown, malformed, nothing to press)."""


class _ErrorLog(logging.Handler):
    """Collects errors PTB logs instead of raising (e.g. an error handler that failed)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Playground:
    """A terminal chat with any PTB Application built by `build_app(request, clock)`."""

    def __init__(
        self,
        build_app: BuildApp,
        *,
        personas: Sequence[Persona] = DEFAULT_PERSONAS,
        chats: Sequence[ChatRef] = DEFAULT_CHATS,
        start: datetime,
        admin: Persona | None = None,
        next_due: NextDue | None = None,
        render_zone: ZoneInfo = ZoneInfo("Asia/Jakarta"),
        width: int = 80,
    ) -> None:
        if not personas or not chats:
            raise ValueError("the playground needs at least one persona and one chat")
        self.build_app = build_app
        self.personas = list(personas)
        self.chats = list(chats)
        self.admin = admin or self.personas[0]
        self.next_due = next_due
        self.zone = render_zone
        self.width = width
        self.clock = FakeClock(start)
        self.api = FakeBotApi(clock=self.clock)
        self.persona = self.personas[0]
        self.chat = self.chats[0]
        self.transcript: list[str] = []
        self.failures: list[str] = []
        self._out: TextIO | None = None
        self._sim: Simulator | None = None
        self._last_output: list[str] = []
        self._shown_day: str | None = None
        self._error_log = _ErrorLog()
        self._seen_errors = 0
        self._seen_records = 0
        for chat in self.chats:
            self.api.add_chat(chat.chat_id, chat.type, chat.title, is_forum=chat.is_forum)
            for persona in self.personas:
                self.api.add_member(chat.chat_id, persona.to_dict())
            self.api.set_admins(chat.chat_id, [self.admin.to_dict()])

    # ------------------------------------------------------------ entry points

    async def run_script(self, script: str | Path, out: TextIO | None = None) -> int:
        """Run commands one per line, printing the transcript; 0 when all went well."""
        path = Path(script) if isinstance(script, Path) or "\n" not in script else None
        text = path.read_text(encoding="utf-8") if path and path.exists() else str(script)
        self._out = out or sys.stdout
        async with self._session():
            for line in text.splitlines():
                line = line.strip()
                if not line:
                    continue
                if line.startswith("#"):
                    self._emit("")
                    self._emit(f"=== {line.lstrip('#').strip()} ===")
                    continue
                if line.startswith((":", "expect ")):
                    self._emit(f"> {line}")
                await self.execute(line)
        self._emit("")
        if self.failures:
            self._emit(f"FAILED: {len(self.failures)} problem(s)")
            for failure in self.failures:
                self._emit(f"  - {failure}")
            return 1
        self._emit("OK")
        return 0

    async def interactive(self, stdin: TextIO, stdout: TextIO) -> None:
        """Read commands from `stdin` until :quit or end of input."""
        self._out = stdout
        async with self._session():
            self._emit("Kombel playground: chat with the bot offline; nothing reaches Telegram.")
            self._emit(HELP)
            self._emit("")
            self._show_who()
            while True:
                stdout.write(f"{self.persona.first_name} @ {self._chat_label(self.chat)}> ")
                stdout.flush()
                line = await asyncio.to_thread(stdin.readline)
                if not line or line.strip() in (":quit", ":q", ":exit"):
                    break
                if line.strip():
                    await self.execute(line.strip())

    def run_interactive(self) -> None:
        asyncio.run(self.interactive(sys.stdin, sys.stdout))

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[Simulator]:
        built = self.build_app(FakeRequest(self.api), self.clock)
        application = await built if inspect.isawaitable(built) else built
        ptb_logger = logging.getLogger("telegram.ext")
        ptb_logger.addHandler(self._error_log)
        try:
            async with Simulator.running(application, self.api, self.clock) as sim:
                self._sim, self._seen_errors = sim, 0
                yield sim
        finally:
            ptb_logger.removeHandler(self._error_log)
            self._sim = None

    # ---------------------------------------------------------------- commands

    async def execute(self, line: str) -> None:
        """Carry out one playground command and render what the bot did."""
        sim = self._sim
        if sim is None:
            raise RuntimeError("execute() runs inside run_script() or interactive()")
        if line.startswith("expect "):
            self._expect(line.removeprefix("expect ").strip())
            return
        self._last_output = []
        try:
            await self._dispatch(sim, line)
        except (ScriptError, LookupError, ValueError) as exc:
            self._fail(str(exc))
        self._report_bot_errors(sim)

    async def _dispatch(self, sim: Simulator, line: str) -> None:
        if one_liner := _ONE_LINER.match(line):
            self.persona = self._find_persona(one_liner.group(1))
            self.chat = self._find_chat(one_liner.group(2))
            line = one_liner.group(3)
        if not line.startswith(":"):
            await self._say(sim, line)
            return
        command, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        match command:
            case "help":
                self._emit(HELP)
            case "who":
                self._show_who()
            case "as":
                self.persona = self._find_persona(rest)
                self._emit(f"(now speaking as {self.persona.full_name})")
            case "in" if not rest:
                self._show_chats()
            case "in":
                self.chat = self._find_chat(rest)
                self._emit(f"(now in {self._chat_label(self.chat)})")
            case "reply":
                target, _, text = rest.partition(" ")
                if not target.isdigit() or not text:
                    raise ScriptError("usage: :reply N text")
                await self._say(sim, text, reply_to=int(target))
            case "answer":
                if not rest:
                    raise ScriptError("usage: :answer text")
                last = sim.last_bot_message(self._chat_ref())
                if last is None:
                    raise ScriptError("the bot has said nothing here to answer")
                await self._say(sim, rest, reply_to=last.message_id)
            case "press":
                await self._press(sim, rest)
            case "file":
                name, _, caption = rest.partition(" ")
                if not name:
                    raise ScriptError("usage: :file name.pdf [caption]")
                update = sim.factory.document(
                    self._chat_ref(), self.persona, name, caption=caption or None
                )
                await self._feed(sim, update)
            case "open":
                self._open(sim, rest)
            case "photo":
                update = sim.factory.photo(self._chat_ref(), self.persona, caption=rest or None)
                await self._feed(sim, update)
            case "bot":
                await self._bot_membership(sim, rest)
            case "join":
                await self._feed(sim, sim.factory.members_joined(self._chat_ref(), [self.persona]))
            case "leave":
                await self._feed(sim, sim.factory.member_left(self._chat_ref(), self.persona))
            case "migrate":
                await self._migrate(sim)
            case "clock":
                await self._clock(sim, rest)
            case "tick":
                self._render(await sim.run_jobs())
            case "calls":
                self._show_calls(int(rest) if rest.isdigit() else 10)
            case _:
                raise ScriptError(f"unknown command :{command} (try :help)")

    def _open(self, sim: Simulator, target: str) -> None:
        if target and not target.isdigit():
            raise ScriptError("usage: :open [N]")
        chat = self._chat_ref()
        if target:
            document = sim.message(chat, int(target)).data.get("document")
        else:
            sent = [m.data["document"] for m in sim.api.bot_messages(chat.chat_id) if "document" in m.data]
            document = sent[-1] if sent else None
        stored = sim.api.files.get(document["file_id"]) if document else None
        if document is None or stored is None:
            raise ScriptError(f"message #{target} carries no file" if target else "the bot sent no file here")
        name = document.get("file_name", "file")
        self._emit(f"  * {self.persona.first_name} opens {name}")
        for line in file_text(name, stored.content):
            self._last_output.append(line)
            self._emit(textwrap.fill(line, self.width, initial_indent="    ", subsequent_indent="    ")
                       if line else "")

    async def _say(self, sim: Simulator, text: str, reply_to: int | None = None) -> None:
        update = sim.factory.text(self._chat_ref(), self.persona, text, reply_to=reply_to)
        await self._feed(sim, update)

    async def _feed(self, sim: Simulator, *updates: Any) -> None:
        for update in updates:
            if update.effective_message is not None:
                self._render_incoming(update.effective_message.to_dict())
        self._render(await sim.feed(*updates))

    async def _bot_membership(self, sim: Simulator, change: str) -> None:
        make = {
            "added": sim.factory.bot_added,
            "promoted": sim.factory.bot_promoted,
            "removed": sim.factory.bot_removed,
        }.get(change)
        if make is None:
            raise ScriptError("usage: :bot added | promoted | removed")
        chat = self._chat_ref()
        self._emit(f"  * {self.persona.first_name}: bot {change} in {self._chat_label(chat)}")
        await self._feed(sim, make(chat, self.persona))

    async def _migrate(self, sim: Simulator) -> None:
        old = self._chat_ref()
        if old.type != "group":
            raise ScriptError("only a (basic) group can become a supergroup")
        new = old.migrated(int(f"-100{abs(old.chat_id)}"))
        self._emit(f"  * {self._chat_label(old)} becomes a supergroup: {new.chat_id}")
        await self._feed(sim, *sim.factory.migrated(old, new.chat_id, by=self.persona))
        self.chats[self.chats.index(old)] = self.chat = new

    async def _press(self, sim: Simulator, spec: str) -> None:
        if not spec:
            raise ScriptError("usage: :press N | :press M.N | :press text")
        chat = self._chat_ref()
        quoted = len(spec) > 1 and spec[0] == spec[-1] == '"'
        button: int | str
        if not quoted and re.fullmatch(r"\d+\.\d+", spec):
            message_id, button = (int(part) for part in spec.split("."))
        else:
            with_buttons = [m for m in self.api.bot_messages(chat.chat_id) if m.inline_buttons]
            if not with_buttons:
                raise ScriptError("no message with buttons in this chat")
            message_id, button = with_buttons[-1].message_id, spec.strip('"') if quoted else spec
        found = sim.find_button(chat, message_id, int(button) if not quoted and str(button).isdigit() else button)
        if "callback_data" not in found:
            self._emit(f"  (button {found['text']!r} opens {found.get('url', 'something else')})")
            return
        self._emit(f"  * {self.persona.first_name} presses [{found['text']}] on #{message_id}")
        update = sim.factory.callback(chat, self.persona, message_id, found["callback_data"])
        self._render(await sim.feed(update))
        assert update.callback_query is not None  # the factory built a callback update
        if not self.api.is_answered(update.callback_query.id):
            self._emit("  (the bot did not answer the callback query: the button keeps spinning)")

    async def _clock(self, sim: Simulator, spec: str) -> None:
        now = self.clock.now()
        if not spec:
            self._emit(f"(it is {now.astimezone(self.zone):%Y-%m-%d %H:%M %Z})")
            return
        if match := _DURATION.match(spec.replace(" ", "")):
            delta = timedelta(
                **{
                    _UNITS[unit]: int(amount)
                    for amount, unit in re.findall(r"(\d+)([wdhms])", match.group(1))
                }
            )
        else:
            try:
                target = datetime.strptime(spec, "%Y-%m-%d %H:%M").replace(tzinfo=self.zone)
            except ValueError:
                raise ScriptError(
                    f"bad time {spec!r}: use +1d, +2h30m or YYYY-MM-DD HH:MM"
                ) from None
            if target < now:
                raise ScriptError("time only moves forward")
            delta = target - now
        self._render(await sim.advance(delta, next_due=self.next_due))
        now = self.clock.now().astimezone(self.zone)
        self._emit(f"(time passes: it is now {now:%Y-%m-%d %H:%M %Z})")

    def _expect(self, wanted: str) -> None:
        said = " ".join(" ".join(self._last_output).split())
        if " ".join(wanted.split()) in said:
            self._emit("  (ok)")
        else:
            self._fail(f"expected {wanted!r} in the bot's last output")

    # ---------------------------------------------------------------- lookups

    def _chat_ref(self) -> ChatRef:
        """The current chat; the private chat is always the current persona's own."""
        if self.chat.type == "private":
            self.chat = self.persona.private_chat()
        return self.chat

    def _chat_choices(self) -> list[ChatRef]:
        return [*self.chats, self.persona.private_chat()]

    def _find_persona(self, spec: str) -> Persona:
        return _pick(spec, self.personas, lambda p: f"{p.full_name} {p.username or ''}", "persona")

    def _find_chat(self, spec: str) -> ChatRef:
        if spec.casefold() in ("private", "pribadi", "p", "dm"):
            return self.persona.private_chat()
        return _pick(spec, self._chat_choices(), self._chat_label, "chat")

    # -------------------------------------------------------------- rendering

    def _emit(self, line: str) -> None:
        for part in line.split("\n"):
            self.transcript.append(part)
            if self._out is not None:
                self._out.write(part + "\n")
        if self._out is not None:
            self._out.flush()

    def _fail(self, problem: str) -> None:
        self.failures.append(problem)
        self._emit(f"!! {problem}")

    def _chat_label(self, chat: ChatRef) -> str:
        if chat.type == "private":
            return f"private: {chat.title or chat.chat_id}"
        return chat.title or str(chat.chat_id)

    def _label_for(self, chat: dict[str, Any]) -> str:
        if chat.get("type") == "private":
            name = " ".join(filter(None, (chat.get("first_name"), chat.get("last_name"))))
            return f"private: {name}"
        return chat.get("title") or str(chat["id"])

    def _show_who(self) -> None:
        self._emit("Personas:")
        for number, persona in enumerate(self.personas, start=1):
            marks = [persona.language_code]
            if persona == self.admin:
                marks.append("group admin")
            if persona == self.persona:
                marks.append("<- you")
            handle = f"@{persona.username}" if persona.username else ""
            self._emit(f"  {number}  {persona.full_name:<18} {handle:<16} {', '.join(marks)}")

    def _show_chats(self) -> None:
        self._emit("Chats:")
        for number, chat in enumerate(self._chat_choices(), start=1):
            here = "  <- here" if chat == self._chat_ref() else ""
            self._emit(f"  {number}  {self._chat_label(chat)}{here}")

    def _show_calls(self, count: int) -> None:
        for call in self.api.calls[-count:]:
            outcome = "ok" if call.ok else f"{call.status} {call.error or 'response lost'}"
            at = call.at.astimezone(self.zone)
            summary = textwrap.shorten(
                f"{at:%H:%M} {call.method} {call.params} -> {outcome}",
                width=self.width * 3,
                placeholder=" ...",
            )
            for line in textwrap.wrap(
                summary, self.width, initial_indent="  ", subsequent_indent="        "
            ):
                self._emit(line)

    def _stamp(self, timestamp: int) -> str:
        local = datetime.fromtimestamp(timestamp, self.zone)
        day = f"{local:%A %Y-%m-%d} ({local:%Z})"
        if day != self._shown_day:
            self._shown_day = day
            self._emit(f"--- {day} ---")
        return f"{local:%H:%M}"

    def _wrap(self, text: str, indent: str = "    ") -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            wrapped = textwrap.wrap(
                paragraph, self.width, initial_indent=indent, subsequent_indent=indent
            )
            lines.extend(wrapped or [indent.rstrip()])
        return lines

    def _render_incoming(self, message: dict[str, Any]) -> None:
        sender = message.get("from", {})
        name = " ".join(filter(None, (sender.get("first_name"), sender.get("last_name"))))
        header = f"[{self._stamp(message['date'])}] {self._label_for(message['chat'])}"
        reply = message.get("reply_to_message")
        suffix = f" (reply to #{reply['message_id']})" if reply else ""
        self._emit(f"{header} #{message['message_id']} {name}{suffix}:")
        for line in self._body(message):
            self._emit(line)

    def _render(self, calls: list[ApiCall]) -> None:
        for call in calls:
            if not call.delivered:
                self._emit(f"  ! {call.method} failed: {call.error}")
                self._last_output.append(call.error or "")
                continue
            if call.response_lost:
                self._emit(f"  ! {call.method}: response lost (delivered, bot saw TimedOut)")
            results = call.result if isinstance(call.result, list) else [call.result]
            if call.method.startswith("send") and call.method != "sendChatAction":
                for message in results:
                    self._render_bot_message(message, edited=False)
            elif call.method.startswith("edit") and isinstance(call.result, dict):
                self._render_bot_message(call.result, edited=True)
            elif call.method == "deleteMessage":
                self._emit(f"  (bot deleted #{call.params.get('message_id')})")
            elif call.method == "pinChatMessage":
                self._emit(f"  (bot pinned #{call.params.get('message_id')})")
            elif call.method == "answerCallbackQuery" and call.params.get("text"):
                kind = "alert" if call.params.get("show_alert") else "popup"
                self._emit(f"  ({kind}) {call.params['text']}")
                self._last_output.append(str(call.params["text"]))

    def _render_bot_message(self, message: dict[str, Any], *, edited: bool) -> None:
        stamp = self._stamp(message.get("edit_date", message["date"]))
        chat = self._label_for(message["chat"])
        what = f"(edited #{message['message_id']})" if edited else f"#{message['message_id']}"
        reply = message.get("reply_to_message")
        suffix = f" (reply to #{reply['message_id']})" if reply and not edited else ""
        self._emit(f"[{stamp}] {chat} {what} {message['from']['first_name']}{suffix}:")
        for line in self._body(message):
            self._emit(line)
        self._last_output.append(message.get("text", message.get("caption", "")))
        number = 0
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            labels = []
            for button in row:
                number += 1
                link = f" <{button['url']}>" if "url" in button else ""
                labels.append(f"[{number}] {button['text']}{link}")
            row_text = "  ".join(labels)
            self._last_output.append(row_text)
            self._emit(
                textwrap.fill(
                    row_text, self.width, initial_indent="    ", subsequent_indent="        "
                )
            )

    def _body(self, message: dict[str, Any]) -> list[str]:
        lines: list[str] = []
        if document := message.get("document"):
            size = _size(document.get("file_size", 0))
            lines.append(f"    [file: {document.get('file_name', 'file')}, {size}]")
        if photo := message.get("photo"):
            lines.append(f"    [photo, {_size(photo[-1].get('file_size', 0))}]")
        if members := message.get("new_chat_members"):
            names = ", ".join(m["first_name"] for m in members)
            lines.append(f"    (joined: {names})")
        if left := message.get("left_chat_member"):
            lines.append(f"    (left: {left['first_name']})")
        if "migrate_to_chat_id" in message or "migrate_from_chat_id" in message:
            lines.append("    (the group became a supergroup)")
        text = message.get("text", message.get("caption"))
        if text:
            lines.extend(self._wrap(text))
        return lines

    def _report_bot_errors(self, sim: Simulator) -> None:
        for error in sim.errors[self._seen_errors :]:
            self._fail(f"the bot raised {type(error).__name__}: {error}")
            trace = "".join(traceback.format_exception(error)).rstrip()
            for line in trace.splitlines():
                self._emit(f"   | {line}")
        self._seen_errors = len(sim.errors)
        for record in self._error_log.records[self._seen_records :]:
            self._fail(f"PTB logged an error: {record.getMessage()}")
        self._seen_records = len(self._error_log.records)


def _pick(spec: str, options: Sequence[Any], name: Callable[[Any], str], what: str) -> Any:
    """Choose by 1-based number or a unique, case-insensitive part of the name."""
    spec = spec.strip()
    if spec.isdigit():
        index = int(spec)
        if 1 <= index <= len(options):
            return options[index - 1]
        raise ScriptError(f"no {what} {index}: there are {len(options)}")
    matches = [option for option in options if spec.casefold() in name(option).casefold()]
    if len(matches) != 1:
        raise ScriptError(f"{len(matches)} {what}s match {spec!r}")
    return matches[0]


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"
