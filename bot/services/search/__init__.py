"""/cari: one search over everything the community keeps. The use cases (and `index` /
`unindex`, which every feature calls inside its own transaction) live in `use_cases`;
`ports` is what it needs from storage. This module exposes them."""

from bot.services.search.use_cases import PAGE_SIZE, SearchPage, index, search, unindex

__all__ = ["index", "PAGE_SIZE", "search", "SearchPage", "unindex"]
