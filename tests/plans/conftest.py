"""The plans' tests share these fixtures; plain factories are in factories.py."""

import pytest

from tests.plans.factories import make_plan


@pytest.fixture
def english(client, app):
    """The pages in English, so that the messages checked read as in the code."""
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


@pytest.fixture
def plan(zone):
    """A draft plan of the zone with two actions and a 10,000 zł grant."""
    return make_plan(zone, actions=2, awarded=1_000_000)


@pytest.fixture
def published_plan(zone):
    """A published plan of the zone with two actions and a 10,000 zł grant."""
    return make_plan(zone, actions=2, awarded=1_000_000, published=True)
