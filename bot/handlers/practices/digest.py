"""The library's part of the weekly digest: new practices, the most useful one, a resource tip."""

from __future__ import annotations

from bot.domain.community import Community
from bot.handlers.outgoing import renders_section
from bot.i18n import Texts
from bot.services.practices import PracticesWeek


@renders_section("practices")
def practices_section(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, PracticesWeek)
    lines: list[str] = [_("practices.digest_title")]
    if data.new:
        lines.append(_.n("practices.digest_new", len(data.new) + data.more))
        lines += [_("practices.digest_new_line", id=p.id, title=p.title, author=p.author_name) for p in data.new]
        if data.more:
            lines.append(_("practices.digest_more", count=data.more))
    if data.most_useful:
        lines.append(_("practices.digest_most_useful", id=data.most_useful.id, title=data.most_useful.title,
                       count=data.most_useful.useful))
    if data.tip:
        description = (_(f"resources.default_{data.tip.default_key}") if data.tip.default_key
                       else data.tip.description or "")
        lines.append(_("practices.digest_tip", title=data.tip.title or data.tip.url, url=data.tip.url,
                       description=description))
    return lines


