"""Every API test's replies are checked against the OpenAPI document (tests/api/replies.py)."""

import pytest

from tests.api.replies import ReplyChecker


@pytest.fixture(autouse=True)
def reply_checker(app, monkeypatch) -> ReplyChecker:
    """Each reply a test client gets in this folder is checked as it arrives."""
    checker = ReplyChecker(app)
    client_class = app.test_client_class
    sent = client_class.open

    def open_and_check(self, *args, **kwargs):
        response = sent(self, *args, **kwargs)
        checker.check(response.request.method, response.request.path, response)
        return response

    monkeypatch.setattr(client_class, "open", open_and_check)
    return checker
