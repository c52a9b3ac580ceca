"""What goes over the wire between the bot and the stand-in: parameters as Telegram reads
them, and its error answers (status, wording, parameters)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"

# Parameters whose value is a string even when it looks like JSON (`text="123"`).
STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "url", "action", "language_code",
        "inline_message_id", "file_id", "emoji", "title", "description", "short_description",
        "name", "secret_token", "ip_address", "business_connection_id", "question",
        "document", "photo", "audio", "video", "animation", "voice", "video_note", "sticker",
        "thumbnail", "certificate", "message_effect_id",
    }
)


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Turn wire parameters (every value a string, as in a form post) back into Python
    values the way Telegram reads them: JSON objects, arrays, numbers and booleans are
    decoded, except for parameters that are always strings."""
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, str) and name not in STRING_PARAMS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        decoded[name] = value
    return decoded


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


class ResponseLost(Exception):
    """The transport must not answer this call: the connection broke. `delivered` says
    whether the call took effect before that (a timeout) or not (a network failure)."""

    def __init__(self, delivered: bool) -> None:
        super().__init__("response lost" if delivered else "request lost")
        self.delivered = delivered
