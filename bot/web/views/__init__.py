"""The Mini App's views, one module each; every module lists its pages in `ROUTES`."""

from starlette.routing import BaseRoute

from bot.web.views import library, problem_map

ROUTES: list[BaseRoute] = [*library.ROUTES, *problem_map.ROUTES]
