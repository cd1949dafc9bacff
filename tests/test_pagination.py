"""The app's one pager (app.core.pagination): every paged list reads ?page= the same way."""

import pytest
from sqlalchemy import select

from app.core.pagination import page_url, paginate
from app.core.params import BadParameter
from app.zones.models import Zone


@pytest.fixture
def five_zones(make_zone):
    return [make_zone(town=f"Gmina {n}", slug=f"m-{n}") for n in range(5)]


def _towns(page) -> list[str]:
    return [zone.town for zone in page.items]


def test_pages_split_the_list_and_a_page_past_the_last_shows_the_last(app, five_zones):
    query = select(Zone).order_by(Zone.town)
    with app.test_request_context("/"):
        first = paginate(query, 2)
        assert (first.page, first.pages, _towns(first)) == (
            1,
            3,
            ["Gmina 0", "Gmina 1"],
        )
    # A list shrinks while a librarian works through it: page 7 of 3 shows page 3.
    with app.test_request_context("/?page=7"):
        past = paginate(query, 2)
        assert (past.page, _towns(past)) == (3, ["Gmina 4"])


@pytest.mark.parametrize("value", ["0", "x", "²", "1.5", "99999999999"])
def test_a_page_that_is_not_a_whole_number_from_one_is_refused_by_name(app, five_zones, value):
    with app.test_request_context(f"/?page={value}"), pytest.raises(BadParameter) as refused:
        paginate(select(Zone), 2)
    assert refused.value.parameter == "page"


def test_page_links_keep_the_other_parameters(app):
    with app.test_request_context("/?status=pending&cafe=3&page=2"):
        assert page_url(3) == "/?status=pending&cafe=3&page=3"
        assert page_url(1) == "/?status=pending&cafe=3"  # page 1 has one address
