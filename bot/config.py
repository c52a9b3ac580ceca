"""Settings, read from the environment and `.env`.

A bad value stops start-up with one line naming the key (`ConfigError`), never a traceback,
and the bot token never appears in a log line or an error message.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path.cwd() / 'kombel.db'}"
SUPPORTED_LANGUAGES = ("id", "en")
_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_BOT_SUFFIX_RE = re.compile(r"/bot(\d+:[A-Za-z0-9_-]+)?$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """One clear line about one setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    telegram_api_base_url: str | None = None
    default_language: str = "id"
    default_timezone: str = "Asia/Jakarta"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # The Mini App (bot/web/): the public https address of its pages, served by this process;
    # the short name BotFather's /newapp gave it (unset: the bot's main Mini App); where the
    # pages listen in polling mode (in webhook mode they share the webhook's server).
    miniapp_url: str | None = None
    miniapp_short_name: str | None = None
    miniapp_listen: str = "127.0.0.1"
    miniapp_port: int = Field(default=8444, ge=1, le=65535)
    metrics_enabled: bool = False
    log_level: str = "INFO"
    log_format: str = "text"
    # Scheduled-message claims: how long one runs, and how often its holder renews it. A dead
    # process's claims are taken over within about one lease (see bot/services/delivery.py).
    delivery_lease_seconds: float = Field(default=30.0, ge=2, le=600)
    delivery_heartbeat_seconds: float = Field(default=10.0, gt=0)
    # Processes for charts and PDFs (bot/offload.py); unset: one per core beyond the first.
    worker_processes: int | None = Field(default=None, ge=0, le=32)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not _TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("does not look like a BotFather token (digits:letters); "
                             "copy it again from @BotFather (/mybots, API Token)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:/// (a file) or postgresql+asyncpg:// "
                             "(for example postgresql+asyncpg://user:password@host:5432/kombel)")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _api_base_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.match(r"^https?://[^\s/]+", value.strip()):
            raise ValueError("must be an http:// or https:// address, such as http://127.0.0.1:8081")
        # The bot appends /bot<token>/ itself; a URL copied with it (or its token) still works.
        return _BOT_SUFFIX_RE.sub("", value.strip().rstrip("/"))

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if value.strip().lower().startswith("http://"):
            raise ValueError("must start with https:// (Telegram sends webhooks only over HTTPS; "
                             "let your reverse proxy terminate TLS), or leave it empty for long polling")
        if not re.match(r"^https://[^\s/]+", value.strip()):
            raise ValueError("must be the public https:// address Telegram should call, "
                             "or empty for long polling")
        return value.strip().rstrip("/")

    @field_validator("miniapp_url")
    @classmethod
    def _miniapp_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.match(r"^https://[^\s/?#]+(/[^\s?#]*)?$", value.strip()):
            raise ValueError("must be the public https:// address of the Mini App's pages, such as "
                             "https://bot.example.org/app (Telegram opens Mini Apps only over HTTPS), "
                             "or empty to go without the Mini App")
        return value.strip().rstrip("/")

    @field_validator("miniapp_short_name")
    @classmethod
    def _short_name(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_]{3,30}", value.strip()):
            raise ValueError("must be the short name you gave BotFather's /newapp (3-30 letters, digits "
                             "or _), the part after t.me/<bot>/ in the app's link")
        return value.strip()

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not an IANA time zone such as Asia/Jakarta") from None
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _SECRET_RE.match(value.get_secret_value()):
            raise ValueError("may use only A-Z, a-z, 0-9, _ and -, at most 256 characters")
        return value

    @field_validator("delivery_heartbeat_seconds")
    @classmethod
    def _heartbeat(cls, value: float, info: ValidationInfo) -> float:
        lease = info.data.get("delivery_lease_seconds")
        if lease is not None and value > lease / 2:
            raise ValueError(f"must be at most half of DELIVERY_LEASE_SECONDS ({lease:g}), so a claim "
                             "survives one missed renewal")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in {"text", "json"}:
            raise ValueError("must be text (one readable line per event) or json (one JSON object per line)")
        return value

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def miniapp_path(self) -> str:
        """Where the Mini App's pages are mounted: the path of MINIAPP_URL ("" is the root)."""
        return urlsplit(self.miniapp_url).path.rstrip("/") if self.miniapp_url else ""

    @property
    def uses_webhook(self) -> bool:
        return self.webhook_url is not None


def load_settings(**overrides: object) -> Settings:
    """Settings from env/.env (overrides win), or ConfigError naming the first bad key."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]).upper() if error["loc"] else "?"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "int_parsing":
            message = "must be a whole number, such as 8443"
        raise ConfigError(f"Setting {key}: {message}") from None
