"""The catalogue's search on the demo network and on plans made for the test: Polish words
in any form, with or without their marks; filters that combine; what is never listed; and
an index that follows the plans' changes. Run on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest
from sqlalchemy import select

from app.cafes.models import IdeaStatus
from app.catalogue import services
from app.catalogue.models import CostBand, EntryTheme, ProgrammeTheme, SizeBand
from app.catalogue.services import CatalogueQuery, search
from app.extensions import db
from app.plans import services as plans_services
from app.plans.models import Action, ActionStatus, FundSource
from app.zones.models import Zone
from tests.plans.factories import add_action, add_idea, add_line, make_plan

pytestmark = pytest.mark.usefixtures("request_context")


def titles(query: CatalogueQuery, **kwargs) -> list[str]:
    return [entry.title for entry in search(query, **kwargs).entries]


def test_inflected_forms_and_missing_marks_find_the_city_calendar(demo):
    for words in ("kalendarza miejskiego", "kalendarz miejsk", "kalendarz miejski",
                  "KALENDARZ MIEJSKI", "kalendarzem miejskim"):  # fmt: skip
        found = titles(CatalogueQuery(text=words))
        # Jarocin's calendar first (both words in its title), then the zones' copies of it,
        # which name it in their words or their libraries' ("Miejska Biblioteka").
        assert found[0] == "Kalendarz miejski w internecie", words
        assert set(found[1:]) == {"Kalendarz Oświęcimia", "Kalendarz wydarzeń Kwidzyna"}, words


def test_words_without_polish_letters_find_what_is_written_with_them(demo):
    assert set(titles(CatalogueQuery(text="oswiecim"))) == {
        "Internetowe radio OIL", "Warsztaty dziennikarskie dla młodzieży",
        "Kalendarz Oświęcimia",  # Jarocin's calendar, adopted in Oświęcim
    }  # fmt: skip
    assert titles(CatalogueQuery(text="warsztat dla mlodziezy")) == [
        "Warsztaty dziennikarskie dla młodzieży"
    ]
    assert "Forum organizacji pozarządowych" in titles(CatalogueQuery(text="pozarzadowe"))
    # An implemented idea no listed action carries is an entry of its own.
    assert titles(CatalogueQuery(text="slabowidzacy")) == ["Audiobooki dla słabowidzących"]


def test_ideas_carried_by_a_listed_action_are_inside_its_entry(demo):
    found = search(CatalogueQuery(text="przewijak")).entries
    assert [(e.kind, e.title) for e in found] == [("action", "Klub Młodych Mam")]


def test_filters_combine(demo):
    local = CatalogueQuery(theme=ProgrammeTheme.LOCAL_INFORMATION.value)
    assert set(titles(local)) == {
        "Kalendarz miejski w internecie", "Szkolenia dla redaktorów kalendarza",
        "Internetowe radio OIL", "Warsztaty dziennikarskie dla młodzieży",
    }  # fmt: skip
    done_local = CatalogueQuery(theme=local.theme, status=ActionStatus.DONE.value)
    assert titles(done_local) == ["Szkolenia dla redaktorów kalendarza"]
    # 6,700 + 1,300 zł from the grant: over 5,000 zł.
    large = CatalogueQuery(theme=local.theme, cost=CostBand.LARGE.value, region="wielkopolskie")
    assert titles(large) == ["Kalendarz miejski w internecie"]
    assert titles(CatalogueQuery(text="radio", region="wielkopolskie")) == []
    small_towns = set(titles(CatalogueQuery(size=SizeBand.SMALL.value)))
    assert small_towns == {
        # Nowy Tomyśl, its copy of Kwidzyn's club included
        "Strefa NGO w bibliotece", "Forum organizacji pozarządowych", "Mapa organizacji powiatu",
        "Klub Młodych Rodziców",
        # Sucha Beskidzka
        "Wypożyczalnia laptopów dla uczniów", "Mentorzy online z branży IT",
    }  # fmt: skip
    dropped = search(CatalogueQuery(status=ActionStatus.DROPPED.value)).entries
    assert {e.title for e in dropped} == {
        "Mapa organizacji powiatu",
        "Wyjazd na targi pracy IT w Łodzi",
    }
    implemented = search(CatalogueQuery(status=IdeaStatus.IMPLEMENTED.value)).entries
    assert {e.kind for e in implemented} == {"idea"}


@pytest.mark.parametrize(
    "words",
    ['"', "*", "AND", "NEAR(", "-", "()", '" OR "', "kalendarz*", "a:*", "'", "\\", "\x00",
     "x" * 10_000, "OR OR OR", "NOT kalendarz", "radio&|!", "^kalendarz", "{a b}"],
)  # fmt: skip
def test_hostile_words_never_fail(client, zone, words):
    make_plan(zone, actions=1, published=True)
    assert search(CatalogueQuery(text=words)).total >= 0
    assert client.get("/catalogue", query_string={"q": words}).status_code in (200, 400)


def test_unknown_filter_values_are_ignored(client, zone):
    make_plan(zone, actions=2, published=True)
    response = client.get("/catalogue?theme=x&status=draft&cost=%27&size=huge&region=Texas")
    assert response.status_code == 200
    assert search(CatalogueQuery(theme="x", status="draft", region="Texas")).total == 2


def test_a_draft_plan_is_never_listed_until_it_is_published(zone):
    plan = make_plan(zone, actions=1)
    action = plan.actions[0]
    action.title = "Kącik gier dla seniorów"
    db.session.commit()
    assert search(CatalogueQuery(text="gier")).total == 0
    assert services.get_entry("action", action.id) is None
    plans_services.publish_plan(plan, None)
    db.session.commit()
    assert titles(CatalogueQuery(text="gier")) == ["Kącik gier dla seniorów"]


def test_the_index_follows_a_librarians_edit_and_the_budget(zone):
    plan = make_plan(zone, actions=1, published=True)
    action = plan.actions[0]
    action.title = "Świetlica sąsiedzka"
    db.session.commit()
    assert titles(CatalogueQuery(text="swietlicy sasiedzkiej")) == ["Świetlica sąsiedzka"]
    assert search(CatalogueQuery(text=action.title)).entries[0].cost is None
    add_line(plan, action=action, unit_cost=6_000_00, source=FundSource.GRANT)
    add_line(plan, action=action, unit_cost=500_00, source=FundSource.OWN)
    found = search(CatalogueQuery(cost=CostBand.LARGE.value)).entries
    assert [(e.title, e.grant, e.own, e.cost) for e in found] == [
        ("Świetlica sąsiedzka", 6_000_00, 500_00, 6_500_00)
    ]
    action = db.session.get(Action, action.id)
    action.title = "Żłobek w bibliotece"
    db.session.commit()
    assert search(CatalogueQuery(text="swietlica")).total == 0
    assert titles(CatalogueQuery(text="zlobek")) == ["Żłobek w bibliotece"]


def test_an_idea_chosen_for_a_draft_plan_is_listed_on_its_own(zone):
    plan = make_plan(zone, actions=1)
    idea = add_idea(zone, "Kino plenerowe nad jeziorem")
    plans_services.link_idea(plan.actions[0], idea, None)
    db.session.commit()
    found = search(CatalogueQuery(text="plenerowego")).entries
    assert [(e.kind, e.id, e.status) for e in found] == [("idea", idea.id, "chosen")]
    plans_services.publish_plan(plan, None)
    db.session.commit()
    found = search(CatalogueQuery(text="plenerowego")).entries
    assert [(e.kind, e.id) for e in found] == [("action", plan.actions[0].id)]


def test_a_zones_new_population_moves_its_entries_to_another_band(zone):
    make_plan(zone, actions=1, published=True)
    assert search(CatalogueQuery(size=SizeBand.SMALL.value)).total == 1
    zone.population = 120_000
    db.session.commit()
    assert search(CatalogueQuery(size=SizeBand.SMALL.value)).total == 0
    assert search(CatalogueQuery(size=SizeBand.LARGE.value)).total == 1


def test_pages_of_results_newest_first(client, zone):
    plan = make_plan(zone, published=True)
    for n in range(25):
        add_action(plan, f"Spotkanie numer {n}")
    plans_services.plan_changed(plan, None, "more")
    db.session.commit()
    first = search(CatalogueQuery(text="spotkanie"), page=1, per_page=20)
    second = search(CatalogueQuery(text="spotkanie"), page=2, per_page=20)
    assert (first.total, first.pages, len(first.entries), len(second.entries)) == (25, 2, 20, 5)
    assert {e.id for e in first.entries}.isdisjoint({e.id for e in second.entries})
    page = client.get("/catalogue?q=spotkanie&page=2").get_data(as_text=True)
    assert "25" in page and 'rel="prev"' in page
    assert client.get("/catalogue?page=x").status_code == 400


def test_reindex_all_rebuilds_the_same_entries(demo):
    before = sorted((e.kind, e.id) for e in search(CatalogueQuery(), per_page=100).entries)
    assert services.reindex_all() == len(before)
    db.session.commit()
    after = sorted((e.kind, e.id) for e in search(CatalogueQuery(), per_page=100).entries)
    assert after == before
    assert len(db.session.scalars(select(Action)).all()) == sum(k == "action" for k, _ in after)


def test_a_deleted_zone_takes_its_entries_and_their_themes_along(zone, other_zone):
    plan = make_plan(zone, actions=1, published=True)
    kept = make_plan(other_zone, actions=1, published=True)
    services.set_themes("action", plan.actions[0].id, ["youth"])
    services.set_themes("action", kept.actions[0].id, ["youth"])
    db.session.commit()
    db.session.delete(db.session.get(Zone, zone.id))
    db.session.commit()
    found = search(CatalogueQuery(theme="youth")).entries
    assert [(e.kind, e.id) for e in found] == [("action", kept.actions[0].id)]
    themed = db.session.scalars(select(EntryTheme.entry_id)).all()
    assert themed == [kept.actions[0].id]
