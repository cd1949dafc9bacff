"""The catalogue's tests call its services directly, as the API does inside a request:
each test runs inside one (entries carry their addresses, built with url_for)."""

import pytest


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield
