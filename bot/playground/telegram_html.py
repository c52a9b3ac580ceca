"""Telegram's HTML parse mode, re-implemented after tdlib's parser so that the fake Bot API
rejects exactly what Telegram rejects, with the same "can't parse entities" wording.

This is what catches user text that reached an HTML message unescaped: `a < b` or a pasted
`<script>` fail here just as they fail in production.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
        "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
    }
)
_ENTITY_TYPE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "u": "underline", "ins": "underline", "tg-spoiler": "spoiler", "span": "spoiler",
    "code": "code", "pre": "pre", "a": "text_link", "tg-emoji": "custom_emoji",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\f\v"


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; str(error) is Telegram's own description tail."""


@dataclass
class _Open:
    tag: str
    argument: str
    start: int  # offset in the plain text, UTF-16 code units


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """The character an `&...;` at `pos` stands for and the index after it, or None when
    Telegram would keep the ampersand literally (tdlib's decode_html_entity)."""
    end = pos + 1
    if text.startswith("#", end):
        end += 1
        hexadecimal = text.startswith("x", end)
        if hexadecimal:
            end += 1
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        start = end
        while end < len(text) and text[end] in digits:
            end += 1
        if end == start or end - pos >= 10:
            return None
        code = int(text[start:end], 16 if hexadecimal else 10)
        if code == 0 or code >= 0x10FFFF:
            return None
        char = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if text.startswith(";", end):
        end += 1
    return char, end


def parse_html(text: str, *, strict_ampersand: bool = False) -> tuple[str, list[dict]]:
    """Parse Telegram HTML into plain text and Bot API MessageEntity dicts.

    With `strict_ampersand` a bare `&` that is no character reference is rejected too.
    Telegram itself keeps it literally, but in a bot it always means user text that
    skipped `html.escape`, and `&lt;` typed by a user would silently turn into `<`.
    """
    plain: list[str] = []
    plain_units = 0
    entities: list[dict] = []
    stack: list[_Open] = []
    i, n = 0, len(text)

    def emit(chunk: str) -> None:
        nonlocal plain_units
        plain.append(chunk)
        plain_units += utf16_len(chunk)

    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                emit(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise HtmlParseError(
                    f'Unescaped "&" at byte offset {_byte_offset(text, i)} '
                    "(strict check of the fake Bot API: escape user text with html.escape)"
                )
        if c != "<":
            emit(c)
            i += 1
            continue

        begin = i
        begin_bytes = _byte_offset(text, begin)
        i += 1
        if i < n and text[i] == "/":
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {begin_bytes}")
            i += 1
            while i < n and text[i] not in _SPACES and text[i] != ">":
                i += 1
            end_name = text[begin + 2 : i]
            while i < n and text[i] in _SPACES:
                i += 1
            if i >= n or text[i] != ">":
                raise HtmlParseError(f"Unclosed end tag at byte offset {begin_bytes}")
            i += 1
            opened = stack.pop()
            if end_name and end_name != opened.tag:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {begin_bytes}, expected "</{opened.tag}>", '
                    f'found "</{end_name}>"'
                )
            entity = _entity(opened, plain_units)
            if entity is None:
                continue
            inner = entities[-1] if entities else None
            if (
                entity["type"] == "pre"
                and inner is not None
                and inner["type"] == "code"
                and (inner["offset"], inner["length"]) == (entity["offset"], entity["length"])
            ):
                entities.pop()  # <pre><code class="language-x"> is one pre entity
                if "language" in inner:
                    entity["language"] = inner["language"]
            entities.append(entity)
            continue

        while i < n and text[i] not in _SPACES and text[i] != ">":
            i += 1
        if i >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin_bytes}")
        tag = text[begin + 1 : i].lower()
        if tag not in SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {begin_bytes}')
        argument, i = _parse_attributes(text, i, tag, begin_bytes)
        if tag == "span" and argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin_bytes}'
            )
        i += 1  # the closing ">"
        stack.append(_Open(tag, argument, plain_units))

    if stack:
        raise HtmlParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(plain), entities


def _parse_attributes(text: str, i: int, tag: str, begin_bytes: int) -> tuple[str, int]:
    """Read the attributes of a start tag up to its ">"; return the one argument Telegram
    keeps for the tag (href, language, class or emoji id) and the index of the ">"."""
    n = len(text)
    argument = ""
    while i < n and text[i] != ">":
        while i < n and text[i] in _SPACES:
            i += 1
        if i < n and text[i] == ">":
            break
        name_start = i
        while i < n and text[i] not in _SPACES and text[i] not in "=>":
            i += 1
        name = text[name_start:i]
        if not name:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {begin_bytes}'
            )
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n or text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                argument = "expandable"
                continue
            raise HtmlParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {begin_bytes}"
            )
        i += 1
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin_bytes}')
        if text[i] not in "'\"":
            token_start = i
            while i < n and (text[i].isascii() and text[i].isalnum() or text[i] in ".-"):
                i += 1
            value = text[token_start:i].lower()
            if i >= n or (text[i] not in _SPACES and text[i] != ">"):
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_start)}"
                )
        else:
            quote = text[i]
            i += 1
            chars: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&" and (decoded := _decode_entity(text, i)) is not None:
                    chars.append(decoded[0])
                    i = decoded[1]
                    continue
                chars.append(text[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(chars)
        if i >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin_bytes}")
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value.removeprefix("language-")
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value.removeprefix("tg-")
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
        elif tag == "blockquote" and name == "expandable":
            argument = "expandable"
    return argument, i


def _entity(opened: _Open, end: int) -> dict | None:
    length = end - opened.start
    if length == 0:
        return None
    entity: dict = {"type": _ENTITY_TYPE[opened.tag], "offset": opened.start, "length": length}
    if opened.tag == "a":
        if not opened.argument:
            return None
        entity["url"] = opened.argument
    elif opened.tag == "code" and opened.argument:
        entity["language"] = opened.argument  # only kept when it sits inside <pre>
    elif opened.tag == "tg-emoji":
        entity["custom_emoji_id"] = opened.argument
    elif opened.tag == "blockquote" and opened.argument:
        entity["type"] = "expandable_blockquote"
    return entity
