"""The Mini App's views, one module each; every module lists its pages in `ROUTES`."""

from starlette.routing import BaseRoute

# Imported in the order of the tab bar (each page declares its tab as it is imported).
from bot.web.views import library, problem_map, calendar, me, dashboard

ROUTES: list[BaseRoute] = [*library.ROUTES, *problem_map.ROUTES, *calendar.ROUTES, *me.ROUTES,
                           *dashboard.ROUTES]
