"""Adopting a catalogue entry into one's zone: the copy (a seed idea on a board, a draft action
of the plan) points to its origin, the origin lists where it travelled; who may adopt where;
the note; a double submit; an origin deleted."""

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.auth.services import grant_role
from app.cafes.models import Idea, IdeaStatus
from app.catalogue import adoption
from app.catalogue.adoption import Adoption
from app.extensions import db
from app.plans.models import Action, ActionStatus, PlanVersion
from tests.catalogue.conftest import adopt_path
from tests.helpers import counting_queries
from tests.plans.factories import add_action, make_plan

pytestmark = pytest.mark.usefixtures("english")

NOTE = "U nas spotkania w soboty, razem z klubem seniora."


def adoptions() -> list[Adoption]:
    db.session.expire_all()
    return list(db.session.scalars(select(Adoption).order_by(Adoption.id)))


def as_action(**fields) -> dict:
    return {"copy_kind": "action", "title": "Klub Rodziców", "description": "Co sobotę.",
            "note": NOTE} | fields  # fmt: skip


def as_idea(board, **fields) -> dict:
    return as_action(copy_kind="idea", board=str(board.id), **fields)


# The copy, and its link back


def test_an_entry_adopted_as_an_action_joins_the_plan_as_a_new_version(
    client, post_form, origin, sopot, sopot_librarian
):
    plan = sopot["plan"]
    version = plan.version
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert 'value="Klub Młodych Mam"' in page  # prefilled from the origin
    assert "Spotkania mam z maluchami." in page

    response = post_form(adopt_path(origin), as_action())

    assert response.status_code == 302
    assert response.headers["Location"] == "/zones/sopot/plan/actions/2"
    copy = db.session.scalar(select(Action).where(Action.plan_id == plan.id, Action.number == 2))
    assert (copy.title, copy.status, copy.description) == ("Klub Rodziców", "planned", "Co sobotę.")
    db.session.refresh(plan)
    assert plan.version == version + 1
    latest = db.session.scalar(
        select(PlanVersion)
        .where(PlanVersion.plan_id == plan.id)
        .order_by(PlanVersion.number.desc())
    )
    assert "Klub Rodziców" in [action["title"] for action in latest.snapshot["actions"]]
    # The copy's page says where it came from, with the librarian's note.
    page = client.get("/zones/sopot/plan/actions/2", follow_redirects=True).get_data(as_text=True)
    assert "Adopted into Sopot" in page  # the flash
    assert "Adopted from" in page and "Klub Młodych Mam</bdi>, Kwidzyn" in page
    assert NOTE in page
    assert f'href="/zones/kwidzyn/plan/actions/{origin.number}"' in page or (
        f'href="/catalogue/action/{origin.id}"' in page
    )


def test_an_entry_adopted_as_an_idea_is_published_on_the_zones_board(
    client, post_form, origin, sopot, sopot_librarian
):
    board = sopot["boards"][1]
    response = post_form(adopt_path(origin), as_idea(board, title="Klub dla rodziców"))

    assert response.status_code == 302
    idea = db.session.scalar(select(Idea).where(Idea.board_id == board.id))
    assert response.headers["Location"] == f"/zones/sopot/ideas/{idea.id}"
    assert idea.status == IdeaStatus.PUBLISHED and idea.published_at is not None
    assert idea.zone_id == sopot["zone"].id and idea.created_by_id == sopot_librarian.id
    board_page = client.get(f"/zones/sopot/boards/{board.id}").get_data(as_text=True)
    assert "Klub dla rodziców" in board_page  # residents see it and can support it
    idea_page = client.get(f"/zones/sopot/ideas/{idea.id}").get_data(as_text=True)
    assert "Adopted from" in idea_page and "Klub Młodych Mam</bdi>, Kwidzyn" in idea_page


def test_the_origin_lists_where_it_travelled_with_the_zones_counted_once(
    client, post_form, origin, sopot, sopot_librarian, make_zone, login_as
):
    post_form(adopt_path(origin), as_action())
    post_form(adopt_path(origin), as_idea(sopot["boards"][0]))
    gdansk = make_zone(slug="gdansk", town="Gdańsk")
    make_plan(gdansk, published=True)
    login_as("librarian", gdansk)
    post_form(adopt_path(origin), as_action(note="Dla ojców też."))

    with client.application.test_request_context():
        travelled = adoption.lineage(origin)
    assert sorted(entry.zone.town for entry in travelled) == ["Gdańsk", "Sopot", "Sopot"]
    assert adoption.zones_count(travelled) == 2
    assert adoption.adoption_counts([("action", origin.id)]) == {("action", origin.id): 2}
    # On the adopt page, the lineage partial: each zone, its note, the copy's status.
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert "Adopted in 2 zones" in page
    assert "Dla ojców też." in page and NOTE in page
    assert "Gdańsk" in page and "planned" in page
    assert "Your zone has adopted it already" in page  # Gdańsk's own copy


def test_counts_for_many_entries_take_one_query_and_skip_private_copies(
    app, origin, sopot, make_zone, make_user
):
    other = add_action(origin.plan, "Wnuki uczą dziadków")
    db.session.commit()
    sopot_librarian = make_user("librarian", sopot["zone"])
    adoption.adopt_as_action(origin, sopot["zone"], sopot_librarian, title="A", description="",
                             note=NOTE)  # fmt: skip
    draft_zone = make_zone(slug="draft-zone")
    make_plan(draft_zone)  # a draft: its copy is not public yet
    adoption.adopt_as_action(origin, draft_zone, make_user("librarian", draft_zone), title="B",
                             description="", note=NOTE)  # fmt: skip
    db.session.commit()
    keys = [("action", origin.id), ("action", other.id), ("idea", 123456)]
    with app.test_request_context(), counting_queries() as statements:
        counts = adoption.adoption_counts(keys)
    assert counts == {("action", origin.id): 1, ("action", other.id): 0, ("idea", 123456): 0}
    assert len(statements) == 1


def test_the_entry_page_asks_as_many_queries_for_twelve_copies_as_for_two(
    client, origin, make_zone, make_user
):
    """Where an entry travelled, with each copy's zone, status, indicators, reports and
    (for a seed idea) the actions it became: a fixed number of queries, not a few per copy."""
    from app.cafes.services import create_cafe
    from app.core.time import utcnow

    def adopt_into(n: int) -> None:
        zone = make_zone(slug=f"strefa-{n}", town=f"Miasto {n}")
        make_plan(zone, published=True, actions=1)
        librarian = make_user("librarian", zone)
        adoption.adopt_as_action(origin, zone, librarian, title=f"Klub {n}", description="",
                                 note=NOTE)  # fmt: skip
        cafe = create_cafe(zone, title="Kawiarenka", starts_at=utcnow(), ends_at=None, place="",
                           description="", questions=["Co dla rodzin?"])  # fmt: skip
        adoption.adopt_as_idea(origin, zone, cafe.boards[0], librarian, title=f"Klub {n}",
                               description="", note=NOTE)  # fmt: skip
        db.session.commit()

    def statements(path: str) -> tuple[int, str]:
        client.get(path)
        with counting_queries() as found:
            page = client.get(path).get_data(as_text=True)
        return len(found), page

    path = f"/catalogue/action/{origin.id}"
    for n in range(2):
        adopt_into(n)
    at_two, page = statements(path)
    assert "Miasto 1" in page and "Klub 1" in page
    for n in range(2, 12):
        adopt_into(n)
    at_twelve, page = statements(path)
    assert "Miasto 11" in page and "Klub 11" in page
    assert at_twelve == at_two, (at_two, at_twelve)


def test_a_report_of_the_copy_says_whether_it_worked_there(client, origin, sopot, make_user):
    from app.plans import reports
    from tests.plans.factories import add_report

    librarian = make_user("librarian", sopot["zone"])
    saved, _new = adoption.adopt_as_action(
        origin, sopot["zone"], librarian, title="Klub Rodziców", description="", note=NOTE
    )
    copy = saved.copy_action
    copy.status = "done"
    db.session.commit()
    plan = sopot["plan"]
    report = add_report(plan, texts={"actions": {str(copy.id): {
        "achieved": "Przyszło 20 rodzin, więcej niż zakładaliśmy.", "lasting": "Klub zostaje."
    }}})  # fmt: skip
    report.snapshot = reports.live_figures(report, plan)
    report.status = "submitted"
    db.session.commit()

    with client.application.test_request_context():
        (entry,) = adoption.lineage(origin)
        assert entry.done and entry.status_label == str(ActionStatus.DONE.label)
    assert [words["achieved"] for words in entry.report_words] == [
        "Przyszło 20 rodzin, więcej niż zakładaliśmy."
    ]


# Who may adopt where


def test_anonymous_visitors_are_asked_to_sign_in(client, origin, sopot):
    response = client.get(adopt_path(origin))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["resident", "official"])
def test_residents_and_officials_may_not_adopt(client, login_as, origin, sopot, role):
    login_as(role, sopot["zone"])
    assert client.get(adopt_path(origin)).status_code == 403


def test_the_origins_own_librarian_cannot_adopt_into_a_zone_they_do_not_run(
    client, login_as, post_form, origin, sopot, csrf_token
):
    login_as("librarian")  # Kwidzyn's, the origin's zone only
    assert client.get(adopt_path(origin)).status_code == 403
    response = client.post(
        adopt_path(origin) + "?zone=sopot",
        data={"csrf_token": csrf_token()} | as_action(),
    )
    assert response.status_code == 403
    assert adoptions() == []


def test_a_librarian_of_several_zones_chooses_one_they_run_but_not_the_origins(
    client, login_as, post_form, origin, sopot, make_zone, csrf_token
):
    librarian = login_as("librarian", sopot["zone"])
    gdansk = make_zone(slug="gdansk", town="Gdańsk")
    grant_role(librarian, gdansk, Role.LIBRARIAN)
    grant_role(librarian, origin.plan.zone, Role.OFFICIAL)
    db.session.commit()
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert "Adopt into the zone" in page and "Gdańsk" in page and "Sopot" in page
    assert 'value="kwidzyn"' not in page  # the origin's own zone is not offered
    assert client.get(adopt_path(origin) + "?zone=kwidzyn").status_code == 403
    assert client.get(adopt_path(origin) + "?zone=gdansk").status_code == 200
    token = csrf_token()
    response = client.post(
        adopt_path(origin) + "?zone=sopot", data={"csrf_token": token} | as_action()
    )
    assert response.headers["Location"] == "/zones/sopot/plan/actions/2"


def test_another_zones_board_in_the_form_is_an_error_and_makes_no_copy(
    client, post_form, origin, sopot, sopot_librarian, zone
):
    from tests.plans.factories import add_idea

    kwidzyn_board = add_idea(zone, "Pomysł z Kwidzyna").board  # a board of another zone
    response = post_form(adopt_path(origin), as_idea(kwidzyn_board))
    assert response.status_code == 422
    assert "Choose one of your zone" in response.get_data(as_text=True)
    response = post_form(adopt_path(origin), as_idea(kwidzyn_board) | {"board": "abc"})
    assert response.status_code == 422
    assert adoptions() == []
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 1


def test_the_service_refuses_another_zones_board_or_a_zone_the_user_does_not_run(
    app, origin, sopot, make_user, zone
):
    from tests.plans.factories import add_idea

    librarian = make_user("librarian", sopot["zone"])
    kwidzyn_board = add_idea(zone, "Pomysł z Kwidzyna").board
    with app.test_request_context():
        with pytest.raises(PermissionError):
            adoption.adopt_as_idea(origin, sopot["zone"], kwidzyn_board, librarian,
                                   title="T", description="", note=NOTE)  # fmt: skip
        with pytest.raises(PermissionError):
            adoption.adopt_as_action(origin, zone, librarian, title="T", description="",
                                     note=NOTE)  # fmt: skip


def test_a_zone_without_a_plan_is_told_how_to_start_one(
    client, post_form, origin, make_zone, login_as
):
    gdansk = make_zone(slug="gdansk", town="Gdańsk")
    login_as("librarian", gdansk)
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert "needs a café with boards" in page and 'href="/zones/gdansk/plan"' in page
    response = post_form(adopt_path(origin), as_action())
    assert response.status_code == 422
    assert adoptions() == []


def test_a_zone_with_a_café_but_no_plan_can_only_adopt_an_idea(
    client, post_form, origin, login_as, make_zone
):
    from tests.plans.factories import add_idea

    gdansk = make_zone(slug="gdansk", town="Gdańsk")
    board = add_idea(gdansk, "Coś").board
    login_as("librarian", gdansk)
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert "Your zone has no plan yet: start it, then come back." in page
    response = post_form(adopt_path(origin), as_action())
    assert response.status_code == 422
    assert "Your zone has no plan yet." in response.get_data(as_text=True)
    assert post_form(adopt_path(origin), as_idea(board)).status_code == 302


@pytest.mark.parametrize("status", ["published", "shortlisted", "rejected", "pending"])
def test_only_chosen_or_implemented_visible_ideas_are_entries(
    client, zone, sopot, sopot_librarian, status
):
    from tests.plans.factories import add_idea

    idea = add_idea(zone, "Pomysł", status=status)
    assert client.get(adopt_path(idea, "idea")).status_code == 404


def test_a_chosen_idea_is_an_entry_a_hidden_one_is_not(client, zone, sopot, sopot_librarian):
    from tests.plans.factories import add_idea

    idea = add_idea(zone, "Klub planszówek", status="chosen")
    assert client.get(adopt_path(idea, "idea")).status_code == 200
    idea.hidden = True
    db.session.commit()
    assert client.get(adopt_path(idea, "idea")).status_code == 404


def test_an_action_of_a_draft_plan_is_no_entry(client, zone, sopot, sopot_librarian):
    draft = make_plan(zone, actions=1)
    assert client.get(adopt_path(draft.actions[0])).status_code == 404
    assert client.get(f"/catalogue/plan/{draft.actions[0].id}/adopt").status_code == 404
    assert client.get("/catalogue/action/99999999/adopt").status_code == 404


# The note, hostile text, a double submit


def test_the_note_is_required_and_bounded(client, post_form, origin, sopot, sopot_librarian):
    response = post_form(adopt_path(origin), as_action(note="   "))
    assert response.status_code == 422
    assert "Say how you adapted it for your zone." in response.get_data(as_text=True)
    response = post_form(adopt_path(origin), as_action(note="x" * 1001))
    assert response.status_code == 422
    assert post_form(adopt_path(origin), as_action(note="x" * 1000)).status_code == 302
    assert len(adoptions()) == 1


def test_an_ideas_title_is_bounded_as_ideas_are(client, post_form, origin, sopot, sopot_librarian):
    response = post_form(adopt_path(origin), as_idea(sopot["boards"][0], title="t" * 121))
    assert response.status_code == 422
    assert "at most 120 characters" in response.get_data(as_text=True)


def test_hostile_text_is_shown_as_text(client, post_form, origin, sopot, sopot_librarian):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = post_form(adopt_path(origin), as_action(title=hostile, note=hostile))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_a_double_submit_makes_one_copy_and_leads_to_it(
    client, post_form, origin, sopot, sopot_librarian
):
    first = post_form(adopt_path(origin), as_action())
    second = post_form(adopt_path(origin), as_action(title="Jeszcze raz"))
    assert first.headers["Location"] == second.headers["Location"]
    assert len(adoptions()) == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(Action).where(Action.plan_id == sopot["plan"].id)
        )
        == 2
    )  # its own action and the one copy
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Your zone adopted it like this already" in page


def test_a_zone_may_adopt_an_entry_both_as_an_idea_and_as_an_action(
    client, post_form, origin, sopot, sopot_librarian
):
    post_form(adopt_path(origin), as_idea(sopot["boards"][0]))
    post_form(adopt_path(origin), as_action())
    assert sorted(a.copy_kind for a in adoptions()) == ["action", "idea"]


def test_a_deleted_origin_leaves_the_copy_its_title_and_town(
    client, post_form, origin, sopot, sopot_librarian
):
    post_form(adopt_path(origin), as_action())
    origin_plan = origin.plan
    origin_plan.actions.remove(origin)
    db.session.commit()

    (kept,) = adoptions()
    assert kept.origin_action_id is None and kept.origin_title == "Klub Młodych Mam"
    page = client.get("/zones/sopot/plan/actions/2").get_data(as_text=True)
    assert "Adopted from <bdi" in page  # no link: the origin is gone
    assert "Klub Młodych Mam</bdi>, Kwidzyn" in page


def test_the_database_keeps_one_copy_per_kind(app, origin, sopot, make_user):
    from sqlalchemy.exc import IntegrityError

    librarian = make_user("librarian", sopot["zone"])
    with app.test_request_context():
        _saved, _new = adoption.adopt_as_action(
            origin, sopot["zone"], librarian, title="A", description="", note=NOTE
        )
    db.session.commit()
    extra = add_action(sopot["plan"], "Druga kopia")
    db.session.add(
        Adoption(
            origin_kind="action", origin_action_id=origin.id, origin_title="x", origin_town="x",
            origin_library="x", zone_id=sopot["zone"].id, copy_kind="action",
            copy_action_id=extra.id, note="n",
        )
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# An idea as the origin; a seed idea's life in its new zone; who sees a draft's copy


def test_a_chosen_idea_adopted_as_an_action_points_back_to_the_idea(
    client, post_form, zone, sopot, sopot_librarian
):
    from tests.plans.factories import add_idea

    idea = add_idea(zone, "Przewijak w bibliotece", status="chosen")
    response = post_form(adopt_path(idea, "idea"), as_action(title="Przewijak i kącik"))
    assert response.headers["Location"] == "/zones/sopot/plan/actions/2"
    (made,) = adoptions()
    assert (made.origin_kind, made.origin_idea_id, made.origin_action_id) == ("idea", idea.id, None)
    page = client.get("/zones/sopot/plan/actions/2").get_data(as_text=True)
    assert "Przewijak w bibliotece</bdi>, Kwidzyn" in page
    assert adoption.adoption_counts([("idea", idea.id)]) == {("idea", idea.id): 1}


def test_a_seed_ideas_lineage_shows_the_action_it_became_part_of(app, origin, sopot, make_user):
    from app.plans import services as plans_services

    librarian = make_user("librarian", sopot["zone"])
    with app.test_request_context():
        saved, _new = adoption.adopt_as_idea(
            origin, sopot["zone"], sopot["boards"][0], librarian, title="Klub dla rodziców",
            description="", note=NOTE,
        )  # fmt: skip
        sopot_action = sopot["plan"].actions[0]
        plans_services.link_idea(sopot_action, saved.copy_idea, librarian)
        db.session.commit()
        (entry,) = adoption.lineage(origin)
        assert entry.kind == "idea"
        assert entry.status_label == str(IdeaStatus.CHOSEN.resident_label)
        assert [(a["number"], a["title"]) for a in entry.in_actions] == [
            (sopot_action.number, sopot_action.title)
        ]


def test_a_copy_in_a_draft_plan_is_listed_for_its_zone_only(
    client, login_as, origin, make_zone, make_user
):
    draft_zone = make_zone(slug="draft-zone", town="Malbork")
    make_plan(draft_zone)
    librarian = make_user("librarian", draft_zone)
    with client.application.test_request_context():
        adoption.adopt_as_action(origin, draft_zone, librarian, title="Szkic", description="",
                                 note=NOTE)  # fmt: skip
    db.session.commit()
    sopot = make_zone(slug="gdynia", town="Gdynia")
    make_plan(sopot, published=True)
    login_as("librarian", sopot)
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert "Not adopted in other zones yet" in page and "Malbork" not in page
    login_as("librarian", draft_zone)
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert "Adopted in 1 zone" in page and "Szkic" in page


def test_the_coordinator_adopts_into_the_zone_they_choose(
    client, login_as, origin, sopot, make_zone, csrf_token
):
    make_zone(slug="gdansk", town="Gdańsk")
    login_as("coordinator")
    page = client.get(adopt_path(origin)).get_data(as_text=True)
    assert 'name="zone"' in page  # three zones: one to choose
    page = client.get(adopt_path(origin) + "?zone=sopot").get_data(as_text=True)
    assert f'action="/catalogue/action/{origin.id}/adopt?zone=sopot"' in page
    response = client.post(
        adopt_path(origin) + "?zone=sopot", data={"csrf_token": csrf_token()} | as_action()
    )
    assert response.headers["Location"] == "/zones/sopot/plan/actions/2"
    assert client.get(adopt_path(origin) + "?zone=kwidzyn").status_code == 403


def test_the_audit_log_tells_an_adoption_in_words(
    client, post_form, origin, sopot, sopot_librarian, login_as
):
    post_form(adopt_path(origin), as_action())
    login_as("coordinator")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Catalogue entry “Klub Młodych Mam”: adopted into the zone." in page
    assert "as an action of the plan" in page
