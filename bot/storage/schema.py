"""Every table module, imported so `Base.metadata` knows the whole schema (Alembic's
autogenerate and the tests read it from here). A feature with tables adds one line."""

from bot.storage.actions import models as actions_models  # noqa: F401
from bot.storage.activity import models as activity_models  # noqa: F401
from bot.storage.communities import models as communities_models  # noqa: F401
from bot.storage.delivery import models as delivery_models  # noqa: F401
from bot.storage.members import models as members_models  # noqa: F401
from bot.storage.prompts import models as prompts_models  # noqa: F401
from bot.storage.updates import models as updates_models  # noqa: F401
from bot.storage.meetings import models as meetings_models  # noqa: F401
from bot.storage.practices import models as practices_models  # noqa: F401
from bot.storage.problems import models as problems_models  # noqa: F401
from bot.storage.reports import models as reports_models  # noqa: F401
from bot.storage.kudos import models as kudos_models  # noqa: F401
from bot.storage.peers import models as peers_models  # noqa: F401
from bot.storage.reflections import models as reflections_models  # noqa: F401
from bot.storage.search import models as search_models  # noqa: F401
from bot.storage import rate_windows  # noqa: F401
from bot.storage.base import Base

metadata = Base.metadata

__all__ = ["Base", "metadata"]
