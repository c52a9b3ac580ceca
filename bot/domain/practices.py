"""Good practices (praktik baik) and learning resources (sumber belajar): the community's
shared repertoire, kept so others can find and reuse what worked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from bot.domain.community import clean_text
from bot.domain.errors import InvalidInput, parse_choice
from bot.domain.problems import Category, parse_category  # one list of categories for both

TITLE_MAX = 120
STEPS_MAX = 2000
RESULT_MAX = 1500
SUBJECT_MAX = 60
URL_MAX = 500
DESCRIPTION_MAX = 200
ATTACHMENTS_MAX = 10


class Level(StrEnum):
    PAUD = "paud"
    SD = "sd"
    SMP = "smp"
    SMA = "sma"
    SMK = "smk"
    ALL = "all"


class Reaction(StrEnum):
    USEFUL = "useful"
    WILL_TRY = "try"


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"
    VIDEO = "video"
    LINK = "link"


@dataclass(frozen=True)
class Attachment:
    kind: AttachmentKind
    value: str  # a Telegram file id, or a checked http(s) link


@dataclass(frozen=True)
class Practice:
    id: int
    community_id: int
    member_id: int
    author_name: str
    title: str
    steps: str
    result: str
    subject: str | None = None
    category: Category | None = None
    level: Level | None = None
    problem_id: int | None = None
    action_id: int | None = None
    published: bool = False
    message_id: int | None = None
    useful: int = 0
    will_try: int = 0
    attachments: int = 0
    created_at: datetime | None = None


@dataclass(frozen=True)
class Resource:
    id: int
    community_id: int
    url: str
    description: str | None
    title: str | None = None
    default_key: str | None = None  # national resources: the description comes from the catalog


@dataclass(frozen=True)
class DefaultResource:
    key: str
    title: str
    url: str
    keywords: str  # what a search should find it by; the shown description is in the catalogs


# The national platforms every community starts with: where the ministry (Kemendikdasmen)
# now puts teachers' learning. Rumah Pendidikan gathers its services; Ruang GTK, inside it,
# replaced Platform Merdeka Mengajar for teachers' training, communities and performance
# management. Checked from knowledge, not online (see the README): update the links here.
DEFAULT_RESOURCES = (
    DefaultResource("rumah_pendidikan", "Rumah Pendidikan", "https://rumah.pendidikan.go.id",
                    "kemendikdasmen layanan pendidikan ruang gtk ruang murid sumber belajar platform education portal"),
    DefaultResource("ruang_gtk", "Ruang GTK", "https://ruanggtk.kemendikdasmen.go.id",
                    "pelatihan mandiri guru komunitas pengelolaan kinerja modul ajar teacher training performance"),
    DefaultResource("ipusnas", "iPusnas", "https://ipusnas.id",
                    "perpustakaan digital buku elektronik pinjam ebook digital library books"),
)
# Defaults a community may still list from before, retired when it next opens /sumber.
RETIRED_DEFAULT_KEYS = frozenset({"pmm", "rumah_belajar"})


def parse_title(text: str | None) -> str:
    return clean_text(text, max_len=TITLE_MAX, min_len=3)


def parse_steps(text: str | None) -> str:
    return clean_text(text, max_len=STEPS_MAX)


def parse_result(text: str | None) -> str:
    return clean_text(text, max_len=RESULT_MAX)


def parse_level(value: str) -> Level:
    """A practice's level: the problems' levels, or "all" (a practice may suit every level)."""
    return parse_choice(Level, value)


def parse_subject(text: str | None) -> str | None:
    """A subject typed by a member; `-` (or nothing) means none."""
    value = (text or "").strip()
    if value in ("", "-"):
        return None
    return clean_text(value, max_len=SUBJECT_MAX)


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_url(text: str) -> str:
    """An http or https link with a real-looking host; anything else is refused."""
    value = (text or "").strip()
    if not value or len(value) > URL_MAX or any(ch.isspace() for ch in value):
        raise InvalidInput("resources.bad_link")
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise InvalidInput("resources.bad_link") from None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host) or parts.username:
        raise InvalidInput("resources.bad_link")
    return value


def parse_resource(text: str) -> tuple[str, str]:
    """`<link> <description>` as a member types it, to (url, description)."""
    parts = (text or "").strip().split(maxsplit=1)
    if not parts:
        raise InvalidInput("resources.bad_link")
    url = parse_url(parts[0])
    description = clean_text(parts[1] if len(parts) > 1 else "", max_len=DESCRIPTION_MAX)
    return url, description


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")
