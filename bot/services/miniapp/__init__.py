"""The Mini App's use cases: who may open which view (`access`)."""

from bot.services.miniapp.access import Viewer, open_view

__all__ = ["open_view", "Viewer"]
