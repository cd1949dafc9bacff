"""The moderation pages through HTTP: who may use them, and each act with its message."""

import re

import pytest
from sqlalchemy import select

from app.audit.services import history
from app.cafes.models import Report, Support
from app.cafes.queries import support_counts
from app.extensions import db

ROLES = {
    "anonymous": "login",
    "resident": 403,
    "librarian": 200,
    "other_librarian": 403,
    "official": 403,
    "coordinator": 200,
}

# The pages in English, so that the messages checked read as in the code.
pytestmark = pytest.mark.usefixtures("english")


def sign_in(login_as, role, other_zone):
    return login_as("librarian", other_zone) if role == "other_librarian" else login_as(role)


@pytest.fixture
def idea(make_idea):
    idea = make_idea(
        title="Klub młodych mam", description="Dzwońcie: 601 234 567", status="pending"
    )
    db.session.commit()
    return idea


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
@pytest.mark.parametrize("page", ["moderation", "ideas/{idea}/moderate", "ideas/{idea}/merge"])
def test_pages_are_for_the_zones_librarians(
    client, login_as, zone, other_zone, idea, role, expected, page
):
    sign_in(login_as, role, other_zone)
    response = client.get(f"/zones/{zone.slug}/" + page.format(idea=idea.id))
    if expected == "login":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_publishing_needs_the_right_role(
    client, login_as, zone, other_zone, idea, csrf_token, role, expected
):
    sign_in(login_as, role, other_zone)
    response = client.post(
        f"/zones/{zone.slug}/ideas/{idea.id}/status",
        data={"csrf_token": csrf_token(), "to": "published"},
    )
    db.session.refresh(idea)
    if expected == 200:
        assert response.status_code == 302
        assert idea.status == "published"
    else:
        assert response.status_code == (302 if expected == "login" else 403)
        assert idea.status == "pending"


def test_an_idea_of_another_zone_is_not_found(client, login_as, make_cafe, make_idea, other_zone):
    elsewhere = make_idea(board=make_cafe(other_zone).boards[0], status="pending")
    db.session.commit()
    login_as("librarian")
    assert client.get(f"/zones/kwidzyn/ideas/{elsewhere.id}/moderate").status_code == 404


def test_the_queue_warns_of_personal_data_and_escapes_text(client, login_as, make_idea):
    make_idea(
        title="<script>alert(1)</script>", description="Pisz: jan@example.org", status="pending"
    )
    db.session.commit()
    login_as("librarian")
    html = client.get("/zones/kwidzyn/moderation").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert '<mark class="personal-data">jan@example.org' in html
    assert "personal data" in html
    assert 'form="bulk-form"' in html


def test_the_queue_hints_at_similar_ideas(client, login_as, make_idea):
    make_idea(title="Klub młodych mam w bibliotece", status="pending")
    make_idea(title="Klub mlodych mam w bibliotece co tydzien", status="pending")
    make_idea(title="Siłownia pod chmurką", status="pending")
    db.session.commit()
    login_as("librarian")
    html = client.get("/zones/kwidzyn/moderation").get_data(as_text=True)
    assert "similar idea" in html


def test_rejecting_with_a_template_and_without_a_reason(client, login_as, idea, csrf_token):
    login_as("librarian")
    url = f"/zones/kwidzyn/ideas/{idea.id}/status"
    response = client.post(url, data={"csrf_token": csrf_token(), "to": "rejected"})
    assert response.status_code == 422
    assert "Give a reason" in response.get_data(as_text=True)
    response = client.post(
        url, data={"csrf_token": csrf_token(), "to": "rejected", "reason_template": "abuse"}
    )
    assert response.status_code == 302
    db.session.refresh(idea)
    assert idea.status == "rejected" and idea.rejected_for_abuse and idea.reason


def test_an_illegal_transition_shows_a_message(client, login_as, idea, csrf_token):
    login_as("librarian")
    response = client.post(
        f"/zones/kwidzyn/ideas/{idea.id}/status",
        data={"csrf_token": csrf_token(), "to": "implemented"},
    )
    assert response.status_code == 422
    assert "cannot become" in response.get_data(as_text=True)
    response = client.post(
        f"/zones/kwidzyn/ideas/{idea.id}/status", data={"csrf_token": csrf_token()}
    )
    assert response.status_code == 400


def test_editing_writes_the_history(client, login_as, idea, post_form):
    user = login_as("librarian")
    url = f"/zones/kwidzyn/ideas/{idea.id}/moderate"
    response = post_form(
        url,
        {"title": "Klub młodych mam", "description": "Spotkania w czwartki", "themes": "Rodzice"},
    )
    assert response.status_code == 302
    db.session.refresh(idea)
    assert idea.description == "Spotkania w czwartki"
    assert [t.name for t in idea.themes] == ["Rodzice"]
    entries = history("idea", idea.id)
    assert [e.action for e in entries] == ["idea.edit", "idea.themes"]
    assert entries[0].actor_id == user.id
    html = client.get(url).get_data(as_text=True)
    # The edit and its author stay in the history; the phone number it removed does not.
    assert f"{user.name}: wording edited" in html
    assert "601 234 567" not in html
    assert "Personal data</dt>" in html and "removed from the history" in html
    assert 'name="themes" type="text" value="Rodzice"' in html
    assert post_form(url, {"title": ""}).status_code == 422


def test_withdrawing_supports_and_resolving_reports(client, login_as, idea, post_form):
    supports = [Support(idea_id=idea.id, device_hash=f"device-{i}") for i in range(3)]
    db.session.add_all(supports)
    db.session.add(Report(idea_id=idea.id, reason="abuse", device_hash="r"))
    idea.status, idea.hidden = "published", True
    db.session.commit()
    login_as("librarian")
    url = f"/zones/kwidzyn/ideas/{idea.id}/moderate"
    response = post_form(url, {"withdraw": "1", "support": [supports[0].id, supports[1].id]})
    assert response.status_code == 302
    assert support_counts([idea.id]) == {idea.id: 1}
    assert post_form(url, {"resolve": "1"}).status_code == 302
    db.session.refresh(idea)
    assert not idea.hidden
    report = db.session.scalar(select(Report))
    assert report.resolved_at is not None


def test_merging_through_the_page(client, login_as, make_idea, post_form):
    target = make_idea(title="Klub młodych mam", status="pending")
    source = make_idea(title="Klub mlodych mam w bibliotece", status="pending")
    db.session.add_all([Support(idea_id=i.id, device_hash="same") for i in (target, source)])
    db.session.commit()
    login_as("librarian")
    url = f"/zones/kwidzyn/ideas/{source.id}/merge"
    html = client.get(url).get_data(as_text=True)
    assert "Similar ideas" in html and f'value="{target.id}"' in html
    assert post_form(url, {}).status_code == 422
    response = post_form(url, {"target": target.id})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ideas/{target.id}/moderate")
    db.session.refresh(source)
    assert source.merged_into_id == target.id
    assert support_counts([target.id]) == {target.id: 1}
    page = client.get(f"/zones/kwidzyn/ideas/{target.id}/moderate").get_data(as_text=True)
    assert "Where this idea comes from" in page
    # Merging again: the idea is merged, it cannot go anywhere else.
    assert client.get(url).status_code == 200


def test_bulk_is_all_or_nothing(client, login_as, make_idea, post_form):
    fresh = [make_idea(status="pending"), make_idea(status="pending")]
    chosen = make_idea(status="chosen")
    db.session.commit()
    login_as("librarian")
    url = "/zones/kwidzyn/moderation/bulk"
    page = "/zones/kwidzyn/moderation"
    ids = [i.id for i in fresh]
    response = post_form(url, {"action": "publish", "idea": [*ids, chosen.id]}, page=page)
    assert response.status_code == 422
    assert "Nothing was changed" in response.get_data(as_text=True)
    for i in fresh:
        db.session.refresh(i)
    assert [i.status for i in fresh] == ["pending", "pending"]
    response = post_form(url, {"action": "publish", "idea": ids}, page=page)
    assert response.status_code == 302
    for i in fresh:
        db.session.refresh(i)
    assert [i.status for i in fresh] == ["published", "published"]
    assert (
        post_form(url, {"action": "tag", "theme": "Seniorzy", "idea": ids}, page=page).status_code
        == 302
    )
    assert post_form(url, {}, page=page).status_code == 422


def test_bulk_refuses_ideas_of_another_zone(
    client, login_as, make_cafe, make_idea, other_zone, post_form
):
    elsewhere = make_idea(board=make_cafe(other_zone).boards[0], status="pending")
    db.session.commit()
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/moderation/bulk",
        {"action": "publish", "idea": [elsewhere.id]},
        page="/zones/kwidzyn/moderation",
    )
    assert response.status_code == 404
    db.session.refresh(elsewhere)
    assert elsewhere.status == "pending"


# What an empty form (a CSRF token only) gets, as tests/matrix/test_access.py's matrix posts it.
EMPTY_POSTS = {
    "ideas/{idea}/status": 400,  # no status chosen
    "ideas/{idea}/moderate": 422,  # an idea needs a title
    "ideas/{idea}/merge": 422,  # no idea to merge into
    "moderation/bulk": 422,  # no action chosen
}


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
@pytest.mark.parametrize(("page", "status"), EMPTY_POSTS.items())
def test_empty_posts(
    client, login_as, zone, other_zone, idea, csrf_token, role, expected, page, status
):
    sign_in(login_as, role, other_zone)
    token = csrf_token()
    response = client.post(
        f"/zones/{zone.slug}/" + page.format(idea=idea.id),
        data={"csrf_token": token, "role-csrf_token": token},
    )
    if expected == "login":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == (status if expected == 200 else expected)


def queue_titles(html: str) -> list[str]:
    return re.findall(r'class="user-text" dir="auto">(Queued idea \d+)</a></h2>', html)


def test_the_queue_is_paged_and_keeps_its_filters(client, login_as, make_cafe, make_idea):
    cafe = make_cafe()
    for n in range(30):
        make_idea(board=cafe.boards[0], title=f"Queued idea {n:02d}", status="pending")
    make_idea(title="On another café", status="pending")
    db.session.commit()
    login_as("librarian")
    base = f"/zones/kwidzyn/moderation?status=pending&cafe={cafe.id}"
    first = client.get(base).get_data(as_text=True)
    assert queue_titles(first) == [f"Queued idea {n:02d}" for n in range(25)]
    assert "30 ideas" in first
    # The next page's link keeps both filters.
    link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "status=pending" in link and f"cafe={cafe.id}" in link and "page=2" in link
    second = client.get(link).get_data(as_text=True)
    assert queue_titles(second) == [f"Queued idea {n:02d}" for n in range(25, 30)]
    assert "On another café" not in first + second
    # The ideas waiting come before the form that acts on several of them.
    assert first.index("Queued idea 00") < first.index('id="bulk-form"')


def test_a_page_that_is_not_a_number_is_refused(client, login_as, make_idea):
    make_idea(status="pending")
    db.session.commit()
    login_as("librarian")
    response = client.get("/zones/kwidzyn/moderation?page=x")
    assert response.status_code == 400
    assert "page" in response.get_data(as_text=True)


def test_a_bulk_act_returns_to_the_same_page_and_filters(
    client, login_as, make_cafe, make_idea, post_form
):
    cafe = make_cafe()
    ideas = [make_idea(board=cafe.boards[0], status="pending") for _n in range(27)]
    db.session.commit()
    login_as("librarian")
    page = f"/zones/kwidzyn/moderation?status=pending&cafe={cafe.id}&page=2"
    html = client.get(page).get_data(as_text=True)
    action = re.search(r'action="([^"]+)" id="bulk-form"', html).group(1).replace("&amp;", "&")
    response = post_form(action, {"action": "publish", "idea": [ideas[25].id]}, page=page)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "/moderation?" in location
    assert all(part in location for part in ("status=pending", f"cafe={cafe.id}", "page=2"))
    db.session.refresh(ideas[25])
    assert ideas[25].status == "published"


def test_a_refused_merge_has_one_error_summary(client, login_as, make_idea, post_form):
    idea, other = make_idea(status="pending"), make_idea(status="pending")
    db.session.commit()
    login_as("librarian")
    url = f"/zones/kwidzyn/ideas/{idea.id}/merge"
    for data in ({}, {"target": str(other.id + 1000)}, {"target": "x"}):
        response = post_form(url, data)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert html.count('id="error-summary-title"') == 1


def test_button_forms_carry_their_token(client, login_as, make_idea, post_form):
    make_idea(title="Klub młodych mam", status="pending")
    db.session.commit()
    login_as("librarian")
    html = client.get("/zones/kwidzyn/moderation").get_data(as_text=True)
    form = r'<form method="post" action="[^"]+/status" class="inline-form">(.*?)</form>'
    publish = re.search(form, html, re.S).group(1)
    assert 'name="csrf_token"' in publish and 'name="to" value="published"' in publish
    assert "Publish" in publish and "“Klub młodych mam”" in publish
