"""Every café status, channel, reason and choice has its words, in both languages."""

import pytest
from flask_babel import force_locale

from app.cafes.models import IdeaChannel, IdeaStatus, ReportReason
from app.cafes.moderation import BulkAction
from app.cafes.participation import BoardSort

ENUMS = [IdeaStatus, IdeaChannel, ReportReason, BulkAction, BoardSort]


@pytest.mark.parametrize("kind", ENUMS, ids=lambda kind: kind.__name__)
def test_every_member_has_a_label_in_each_language(app, kind):
    for locale in ("en", "pl"):
        with app.test_request_context(), force_locale(locale):
            labels = [member.label for member in kind]
        assert all(labels) and len(set(labels)) == len(labels)
        assert not any(member.value in labels for member in kind if "_" in member.value)


def test_residents_read_what_became_of_their_idea_not_the_librarys_terms(app):
    with app.test_request_context(), force_locale("en"):
        assert IdeaStatus.REJECTED.label == "rejected"
        assert IdeaStatus.REJECTED.resident_label == "not published"
        assert IdeaStatus.PENDING.resident_label == "waiting for the library to publish it"
