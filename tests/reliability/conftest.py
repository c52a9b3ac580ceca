"""The reliability tests drive the same bot as the handler tests."""

from tests.handlers.conftest import community, sim  # noqa: F401  (fixtures)
