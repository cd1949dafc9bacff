"""Fixtures shared by the surveys' tests (the app, zones, people and the `survey` itself are
in tests/conftest.py)."""

from collections.abc import Callable

import pytest

from app.surveys.models import Survey
from tests.factories import make_survey

INTRO = "/zones/kwidzyn/surveys/proba"


@pytest.fixture
def resident(client, survey, csrf_token):
    """A resident's phone: start(via) and answer(data) post through the real pages."""

    class Phone:
        url = None

        def start(self, via="link"):
            token = csrf_token(f"{INTRO}?via={via}")
            response = client.post(f"{INTRO}/start", data={"csrf_token": token, "via": via})
            assert response.status_code == 302
            self.url = response.headers["Location"]
            return self.url

        def page(self):
            return client.get(self.url)

        def answer(self, data, action="next"):
            token = csrf_token(self.url)
            response = client.post(self.url, data={"csrf_token": token, "action": action, **data})
            if response.status_code == 302:
                self.url = response.headers["Location"]
            return response

    return Phone()


@pytest.fixture
def draft_survey(zone, template) -> Survey:
    """A survey of the `zone` still being prepared: residents may not know it exists."""
    return make_survey(zone, template, "szkic", opened=False)


@pytest.fixture
def another_survey(zone, template) -> Callable[..., Survey]:
    """another_survey(slug="druga", **settings): a second open survey in the `zone`."""

    def make(slug: str = "druga", **settings) -> Survey:
        return make_survey(zone, template, slug, **settings)

    return make
