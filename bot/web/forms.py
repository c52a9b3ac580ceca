"""The small forms the pages post (an RSVP answer, a period): `application/x-www-form-urlencoded`
read with the standard library, since Starlette's own form parser needs python-multipart
for what two short fields are. Untrusted: a body over a few kilobytes reads as empty."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request

FORM_MAX = 4096


async def form_field(request: Request, name: str) -> str:
    """The first value of `name`, or "" (missing, too long a body, not text)."""
    body = await request.body()
    if len(body) > FORM_MAX:
        return ""
    try:
        values = parse_qs(body.decode(), max_num_fields=20).get(name, [""])
    except (UnicodeDecodeError, ValueError):
        return ""
    return values[0]
