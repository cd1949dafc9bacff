"""Planning Creative Cafés: the form, the boards, the public page, the short link, the poster
and the zone page."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.cafes.models import Board, Cafe, Idea
from app.cafes.services import past_cafes, upcoming_cafes
from app.core.time import utcnow
from app.dashboards.findings import add_finding
from app.extensions import db
from tests.cafes.factories import add_idea, naive_utc, plan_cafe


@pytest.fixture
def cafe(zone):
    return plan_cafe(zone)


FORM = {
    "title": "Kawiarenka <b>młodych</b>",
    "day": "2031-07-10",  # summer time in Warsaw: UTC+2
    "starts": "18:00",
    "ends": "20:30",
    "place": "Sala pod zegarem",
    "description": "Pierwsza linia\nDruga linia",
    "question_1": "Co zrobić z placem?",
    "question_2": "Jak pomóc seniorom?",
    "question_3": "",
}


def test_librarian_plans_a_cafe_with_boards(client, login_as, post_form, zone, english):
    librarian = login_as("librarian")
    response = post_form("/zones/kwidzyn/cafes/new", FORM)
    assert response.status_code == 302
    cafe = db.session.scalar(select(Cafe))
    assert response.headers["Location"] == f"/zones/kwidzyn/cafes/{cafe.slug}"
    assert cafe.slug == "kawiarenka-b-mlodych-b"
    assert cafe.title == "Kawiarenka <b>młodych</b>"
    assert cafe.starts_at == naive_utc(2031, 7, 10, 16, 0)
    assert cafe.ends_at == naive_utc(2031, 7, 10, 18, 30)
    assert cafe.created_by_id == librarian.id
    assert len(cafe.short_code) == 6
    assert [(b.position, b.question) for b in cafe.boards] == [
        (1, "Co zrobić z placem?"),
        (2, "Jak pomóc seniorom?"),
    ]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kawiarenka &lt;b&gt;młodych&lt;/b&gt;" in html
    assert "18:00" in html and "20:30" in html
    assert f'href="/zones/kwidzyn/boards/{cafe.boards[0].id}"' in html
    assert "Co zrobić z placem?" in html


def test_winter_time_is_stored_as_utc(login_as, post_form, zone):
    login_as("librarian")
    post_form("/zones/kwidzyn/cafes/new", FORM | {"day": "2031-01-15", "ends": ""})
    cafe = db.session.scalar(select(Cafe))
    assert cafe.starts_at == naive_utc(2031, 1, 15, 17, 0)  # UTC+1 in winter
    assert cafe.ends_at is None


def test_errors_are_shown_with_what_was_typed(client, login_as, post_form, zone, english):
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/cafes/new",
        FORM | {"title": "", "ends": "17:00", "question_2": "", "place": "Sala <i>A</i>"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html
    assert 'href="#title"' in html
    assert 'href="#ends"' in html
    assert 'href="#question_1"' in html  # fewer than two tables
    assert 'value="Sala &lt;i&gt;A&lt;/i&gt;"' in html
    assert 'value="Co zrobić z placem?"' in html
    assert "Pierwsza linia\nDruga linia</textarea>" in html
    assert db.session.scalar(select(func.count()).select_from(Cafe)) == 0


def test_slugs_are_unique_in_a_zone(login_as, post_form, zone, other_zone):
    plan_cafe(other_zone, title="Kawiarenka")
    login_as("librarian")
    post_form("/zones/kwidzyn/cafes/new", FORM | {"title": "Kawiarenka"})
    post_form("/zones/kwidzyn/cafes/new", FORM | {"title": "Kawiarenka"})
    post_form("/zones/kwidzyn/cafes/new", FORM | {"title": "New"})  # a path, not a slug
    slugs = db.session.scalars(select(Cafe.slug).where(Cafe.zone_id == zone.id)).all()
    assert sorted(slugs) == ["kawiarenka", "kawiarenka-2", "new-2"]
    codes = db.session.scalars(select(Cafe.short_code)).all()
    assert len(set(codes)) == 4


def test_findings_that_motivated_a_cafe(client, login_as, post_form, zone, survey):
    finding = add_finding(survey, "Rodzice nie mają gdzie się spotkać", ["wiek"], figure="68%")
    db.session.commit()
    login_as("librarian")
    page = client.get("/zones/kwidzyn/cafes/new").get_data(as_text=True)
    assert "Rodzice nie mają gdzie się spotkać" in page
    post_form("/zones/kwidzyn/cafes/new", FORM | {"findings": str(finding.id)})
    cafe = db.session.scalar(select(Cafe))
    assert [f.id for f in cafe.findings] == [finding.id]
    html = client.get(f"/zones/kwidzyn/cafes/{cafe.slug}").get_data(as_text=True)
    assert "68%" in html and "Rodzice nie mają gdzie się spotkać" in html


def test_edit_keeps_ideas_and_adds_boards(client, login_as, post_form, cafe, english):
    idea = add_idea(cafe.boards[0])
    login_as("librarian")
    url = f"/zones/kwidzyn/cafes/{cafe.slug}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Gdzie mogą spotykać się rodzice?"' in form
    assert 'value="18:00"' in form  # 17:00 UTC in March is 18:00 in Warsaw
    response = post_form(
        url,
        FORM | {"question_1": "Gdzie mogą się spotykać rodzice?",
                "question_2": "Czego brakuje?", "question_3": "Co z seniorami?"},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    assert [(b.position, b.question) for b in cafe.boards] == [
        (1, "Gdzie mogą się spotykać rodzice?"),
        (2, "Czego brakuje?"),
        (3, "Co z seniorami?"),
    ]
    assert db.session.get(Idea, idea.id).board_id == cafe.boards[0].id
    assert cafe.slug == "kawiarenka-dla-rodzicow"  # links and posters keep working


def test_a_board_with_ideas_cannot_be_removed(client, login_as, post_form, cafe, english):
    add_idea(cafe.boards[0], status="pending")
    plan_third = FORM | {"question_1": "", "question_2": "B", "question_3": "C"}
    login_as("librarian")
    response = post_form(f"/zones/kwidzyn/cafes/{cafe.slug}/edit", plan_third)
    assert response.status_code == 422
    assert "Table 1 has ideas: its board cannot be removed." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [b.question for b in cafe.boards] == [
        "Gdzie mogą spotykać się rodzice?", "Czego brakuje młodzieży?",
    ]  # fmt: skip
    # A board without ideas can go.
    response = post_form(
        f"/zones/kwidzyn/cafes/{cafe.slug}/edit",
        FORM | {"question_1": "A", "question_2": "", "question_3": "C"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [(b.position, b.question) for b in cafe.boards] == [(1, "A"), (3, "C")]


def test_cafe_page_is_public_and_escapes_hostile_text(client, zone, english):
    cafe = plan_cafe(
        zone,
        description='<script>alert("x")</script>\nDruga linia',
        questions=["<img src=x onerror=alert(1)>", "Zwykłe pytanie"],
    )
    published = add_idea(cafe.boards[0])
    add_idea(cafe.boards[0], title="Ukryty", hidden=True)
    add_idea(cafe.boards[0], title="Czeka", status="pending")
    add_idea(cafe.boards[1], title="Wybrany", status="chosen")
    response = client.get(f"/zones/kwidzyn/cafes/{cafe.slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert 'class="description user-text"' in html
    assert "1 idea" in html  # only the published, visible one on table 1
    assert "Edit the café" not in html
    assert published.title not in html  # the ideas themselves are on the boards


def test_short_link_leads_to_the_cafe(client, cafe):
    response = client.get(f"/c/{cafe.short_code}?via=qr")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/zones/kwidzyn/cafes/{cafe.slug}?via=qr"
    assert client.get(f"/c/{cafe.short_code.upper()}").status_code == 302
    assert client.get("/c/nothing").status_code == 404


def test_poster_has_an_svg_qr_code_and_the_short_link(client, login_as, cafe):
    login_as("librarian")
    html = client.get(f"/zones/kwidzyn/cafes/{cafe.slug}/poster").get_data(as_text=True)
    assert "<svg" in html
    assert f"localhost/c/{cafe.short_code}" in html
    assert 'href="/static/css/poster.css"' in html
    assert "Czego brakuje młodzieży?" in html
    # A "Print" button, shown by its script (without it the browser's menu prints).
    assert 'class="secondary print-button no-print" data-print hidden>Drukuj</button>' in html
    assert 'src="/static/js/print.js"' in html


def test_zone_page_lists_upcoming_and_past_cafes(client, login_as, zone, english):
    now = utcnow()
    html = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert "No Creative Café is planned yet." in html
    later = plan_cafe(zone, title="Później", starts_at=now + timedelta(days=20), ends_at=None)
    soon = plan_cafe(zone, title="Wkrótce", starts_at=now + timedelta(days=2), ends_at=None)
    for n in range(6):
        plan_cafe(zone, title=f"Dawniej {n}", starts_at=now - timedelta(days=10 + n), ends_at=None)
    assert [c.title for c in upcoming_cafes(zone)] == ["Wkrótce", "Później"]
    assert [c.title for c in past_cafes(zone)] == [f"Dawniej {n}" for n in range(5)]
    html = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert "No Creative Café is planned yet." not in html
    assert html.index(soon.title) < html.index(later.title) < html.index("Dawniej 0")
    assert "Dawniej 4" in html and "Dawniej 5" not in html
    assert f'href="/zones/kwidzyn/cafes/{soon.slug}"' in html
    assert "Plan a Creative Café" not in html
    login_as("librarian")
    assert "Plan a Creative Café" in client.get("/zones/kwidzyn").get_data(as_text=True)


def test_librarians_list_their_cafes(client, login_as, zone):
    plan_cafe(zone, title="Starsza", starts_at=naive_utc(2030, 1, 1, 17), ends_at=None)
    plan_cafe(zone, title="Nowsza", starts_at=naive_utc(2031, 1, 1, 17), ends_at=None)
    login_as("librarian")
    html = client.get("/zones/kwidzyn/cafes").get_data(as_text=True)
    assert html.index("Nowsza") < html.index("Starsza")


MANAGEMENT_PAGES = ["", "/new", "/{cafe}/edit", "/{cafe}/poster", "/{cafe}/cards",
                    "/{cafe}/ideas.csv", "/{cafe}/ideas.xlsx"]  # fmt: skip


@pytest.mark.parametrize("page", MANAGEMENT_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("resident", 403), ("other_librarian", 403), ("official", 403),
     ("librarian", 200), ("coordinator", 200)],
)  # fmt: skip
def test_who_manages_cafes(client, login_as, cafe, other_zone, page, role, status):
    if role == "other_librarian":
        login_as("librarian", other_zone)
    else:
        login_as(role)
    response = client.get("/zones/kwidzyn/cafes" + page.format(cafe=cafe.slug))
    assert response.status_code == status
    if role == "anonymous":
        assert response.headers["Location"].startswith("/login")


def test_posting_needs_the_right_zone(login_as, post_form, cafe, other_zone):
    login_as("librarian", other_zone)
    response = post_form(
        f"/zones/kwidzyn/cafes/{cafe.slug}/cards",
        {"round": "1", "board": str(cafe.boards[0].id), "text": "Ławki"},
        page="/zones/sopot",
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 0
    response = post_form("/zones/kwidzyn/cafes/new", FORM, page="/zones/sopot")
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Board)) == 2
