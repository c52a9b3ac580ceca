"""The reports, sent privately: /ekspor (/export), the community archive for facilitators
(`export`), and /portofolio (/portfolio), my own development (`portfolio`); both ask for a
period the same way (`periods`).

The heavy part (drawing charts, laying out the PDF) runs in the worker pool
(`deps.offload`, bot/offload.py): a separate process that does not hold the event loop's GIL,
so other chats' updates are answered while a report is being prepared. The person is told it
is coming first (a progress message), and the render functions take plain data only.
"""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.buttons import handles
from bot.handlers.commands import command
from bot.handlers.reports.export import (
    EXPORT_ASK,
    EXPORT_PERIOD,
    export_ask_pressed,
    export_command,
    export_period_pressed,
    send_export,
)
from bot.handlers.reports.portfolio import (
    PORTFOLIO_ASK,
    PORTFOLIO_PERIOD,
    portfolio_ask_pressed,
    portfolio_command,
    portfolio_period_pressed,
    send_portfolio,
)

__all__ = ["EXPORT_ASK", "EXPORT_PERIOD", "PORTFOLIO_ASK", "PORTFOLIO_PERIOD", "register", "send_export",
           "send_portfolio"]


def register(application: Application) -> None:
    application.add_handler(command("ekspor", "export", export_command, audience="facilitator"))
    application.add_handler(command("portofolio", "portfolio", portfolio_command, where="private"))
    application.add_handler(handles(EXPORT_PERIOD, export_period_pressed))
    application.add_handler(handles(EXPORT_ASK, export_ask_pressed))
    application.add_handler(handles(PORTFOLIO_PERIOD, portfolio_period_pressed))
    application.add_handler(handles(PORTFOLIO_ASK, portfolio_ask_pressed))
