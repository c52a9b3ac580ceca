"""The Mini App's use cases: who may open which view (`access`), and what each page shows,
read through the features' own ports and checked against the person every time (`calendar`,
`me`, `dashboard`)."""

from bot.services.miniapp.access import Viewer, open_view

__all__ = ["open_view", "Viewer"]
