"""Logging that never shows the bot token, as readable lines or as JSON (LOG_FORMAT).

httpx logs every request URL and PTB's `InvalidToken` quotes the token, so redaction works on
the finished line (message, arguments, traceback and JSON fields alike): neither the whole
token nor its secret part (after the colon) can reach the log.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<token>"
PERSONAL_AT_DEBUG = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Application", "aiosqlite")


def _secrets(token: str | None) -> list[str]:
    """The token and its secret part, longest first (so the whole token reads <token>)."""
    if not token:
        return []
    return [token] + ([token.split(":", 1)[1]] if ":" in token else [])


def redact(text: str, token: str | None) -> str:
    for secret in _secrets(token):
        text = text.replace(secret, REDACTED)
    return text


class RedactToken(logging.Filter):
    """For a single logger (tests, libraries): rewrites the record's message."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if any(secret in message for secret in _secrets(self.token)):
                record.msg, record.args = redact(message, self.token), None
        return True


class RedactingFormatter(logging.Formatter):
    """Formats with `inner`, then takes the token out of the finished line."""

    def __init__(self, inner: logging.Formatter, token: str | None) -> None:
        super().__init__()
        self.inner = inner
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.token)


def formatter(log_format: str = "text") -> logging.Formatter:
    if log_format == "json":
        # One object per line: timestamp, level, logger, message (+ exc_info, and any `extra`).
        return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                             rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})
    return logging.Formatter(TEXT_FORMAT)


def configure_logging(level: str, token: str | None, *, log_format: str = "text") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(formatter(log_format), token))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # library warnings go through the same redacting handler
    # Every request (httpx: its URL, token included); every SQL statement (SQLAlchemy echoes
    # at INFO, parameters included).
    for noisy in ("httpx", "httpcore", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # At DEBUG these would write whole updates, request bodies and SQL parameters: names and
    # messages (personal data). The bot's own DEBUG lines and PTB's flow stay.
    for personal in PERSONAL_AT_DEBUG:
        logging.getLogger(personal).setLevel(max(logging.INFO, logging.getLevelName(level)))
