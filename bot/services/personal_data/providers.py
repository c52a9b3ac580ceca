"""Every feature's personal-data provider, listed once. Importing this registers them all, so
/dataku and /hapusdataku cover every table whoever calls them (the bot, a job, a test);
a feature with a new provider adds its line here, and a test fails while a table that points
at a member is nobody's."""

from bot.services.kudos import personal_data as kudos  # noqa: F401
from bot.services.meetings import personal_data as meetings  # noqa: F401
from bot.services.peers import personal_data as peers  # noqa: F401
from bot.services.practices import personal_data as practices  # noqa: F401
from bot.services.problems import personal_data as problems  # noqa: F401
from bot.services.reflections import personal_data as reflections  # noqa: F401
from bot.services.reports import personal_data as reports  # noqa: F401
