"""Bad settings stop start-up with one line naming the key; the token never leaks."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from bot.config import ConfigError, load_settings
from bot.logging_setup import RedactToken

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for key in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "DEFAULT_LANGUAGE", "DEFAULT_TIMEZONE",
                "WEBHOOK_URL", "WEBHOOK_SECRET", "LOG_LEVEL", "TELEGRAM_API_BASE_URL", "WEBHOOK_PORT", "LOG_FORMAT",
                "MINIAPP_URL", "MINIAPP_SHORT_NAME", "MINIAPP_PORT"):
        monkeypatch.delenv(key, raising=False)


def test_defaults_need_no_configuration() -> None:
    settings = load_settings()
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert (settings.default_language, settings.default_timezone) == ("id", "Asia/Jakarta")
    assert settings.token is None and not settings.uses_webhook


@pytest.mark.parametrize(("key", "value", "words"), [
    ("DEFAULT_TIMEZONE", "Mars/Base", "DEFAULT_TIMEZONE"),
    ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE"),
    ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
    ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN"),
    ("WEBHOOK_SECRET", "has spaces!", "WEBHOOK_SECRET"),
    ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT"),
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
    ("TELEGRAM_API_BASE_URL", "ftp://x", "TELEGRAM_API_BASE_URL"),
    ("WEBHOOK_URL", "http://bot.example.sch.id/hook", "WEBHOOK_URL"),
    ("LOG_FORMAT", "xml", "LOG_FORMAT"),
    ("MINIAPP_URL", "http://bot.example.sch.id/app", "MINIAPP_URL"),
    ("MINIAPP_URL", "https://bot.example.sch.id/app?x=1", "MINIAPP_URL"),
    ("MINIAPP_SHORT_NAME", "t.me/kombel_bot/app", "MINIAPP_SHORT_NAME"),
    ("MINIAPP_PORT", "0", "MINIAPP_PORT"),
])
def test_bad_value_names_the_key(monkeypatch: pytest.MonkeyPatch, key: str, value: str, words: str) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(f"Setting {words}:")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("value", ["http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/bot/",
                                   f"http://127.0.0.1:8081/bot{TOKEN}"])
def test_an_api_base_url_copied_with_bot_is_accepted(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", value)
    assert load_settings().telegram_api_base_url == "http://127.0.0.1:8081"


def test_the_mini_app_is_mounted_at_its_urls_path(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().miniapp_url is None
    monkeypatch.setenv("MINIAPP_URL", "https://bot.example.sch.id/kombel/app/")
    settings = load_settings()
    assert (settings.miniapp_url, settings.miniapp_path) == ("https://bot.example.sch.id/kombel/app", "/kombel/app")
    monkeypatch.setenv("MINIAPP_URL", "https://app.example.sch.id")
    assert load_settings().miniapp_path == ""


def test_env_file_is_read(tmp_path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nDEFAULT_TIMEZONE=Asia/Makassar\n")
    settings = load_settings()
    assert settings.token == TOKEN and settings.default_timezone == "Asia/Makassar"
    assert TOKEN not in repr(settings)


def test_token_is_redacted_from_logs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    logger.addFilter(RedactToken(TOKEN))
    with caplog.at_level(logging.INFO):
        logger.info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    assert TOKEN not in caplog.text and "<token>" in caplog.text


def _kombel(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60)


def test_run_without_token_points_to_the_playground(tmp_path) -> None:
    import os
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    result = _kombel("run", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "kombel playground" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_stops_cli_with_one_line(tmp_path) -> None:
    import os
    from pathlib import Path

    env = dict(os.environ, DEFAULT_TIMEZONE="Nowhere/Land", PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    result = _kombel("migrate", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "DEFAULT_TIMEZONE" in result.stderr
