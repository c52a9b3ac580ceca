"""How the digest's core sections read: the week in numbers, what is coming, the encouragement."""

from __future__ import annotations

from bot.domain.community import Community
from bot.handlers.outgoing import renders_section
from bot.i18n import Texts, format_datetime
from bot.services.digest import Cheer, Coming, WeekNumbers

CHEERS = 12  # digest.cheer_0 .. digest.cheer_11 in the catalogs


@renders_section("numbers")
def numbers_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, WeekNumbers)
    if data.quiet:
        return [_("digest.quiet")]
    return [_("digest.numbers_line", active=_.n("digest.active_members", data.active_members),
              new=_.n("digest.new_members", data.new_members),
              interactions=_.n("digest.interactions", data.interactions))]


@renders_section("coming")
def coming_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, Coming)
    zone, language = community.timezone, _.language
    title: list[str] = [_("digest.coming_title")]
    return title + [
        _("digest.coming_item", when=format_datetime(item.at, zone, language, short=True), title=item.title)
        for item in data.items]


@renders_section("cheer")
def cheer_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, Cheer)
    return [_(f"digest.cheer_{(data.iso_year * 53 + data.iso_week) % CHEERS}")]
