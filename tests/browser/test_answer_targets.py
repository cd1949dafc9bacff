"""An answer drawn as a tile is chosen by a tap anywhere on the tile, its corners too, for
every kind of choice question; every target is at least 44 by 44 CSS px (WCAG 2.5.8 asks
for 24)."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.surveys.models import Answer
from app.surveys.schema import parse_template
from app.surveys.services import create_survey, open_survey

TILES = """
key: kafelki
title: {pl: Kafelki, en: Tiles}
introduction: {pl: Próba., en: A trial.}
sections:
  - key: jedna
    title: {pl: Wszystkie rodzaje, en: Every kind}
    questions:
      - key: jedno
        type: single_choice
        text: {pl: 'Jedna odpowiedź', en: 'One answer'}
        other: true
        options:
          - {value: a, label: {pl: Osoby z niepełnosprawnościami, en: People with disabilities}}
          - {value: b, label: {pl: Seniorzy, en: Seniors}}
      - key: wiele
        type: multiple_choice
        text: {pl: 'Kilka odpowiedzi', en: 'Several answers'}
        options:
          - {value: a, label: {pl: Plac zabaw, en: Playground}}
          - {value: b, label: {pl: Biblioteka, en: Library}}
      - key: zgoda
        type: likert
        text: {pl: Łatwo znaleźć informacje., en: Information is easy to find.}
        labels: [Zdecydowanie nie, Raczej nie, Trudno powiedzieć, Raczej tak, Zdecydowanie tak]
      - key: ocena
        type: scale
        text: {pl: 'Czy polecisz bibliotekę?', en: 'Would you recommend the library?'}
      - key: kolejnosc
        type: ranking
        text: {pl: 'Co najważniejsze?', en: 'What matters most?'}
        options:
          - {value: kultura, label: Kultura}
          - {value: sport, label: Sport}
"""
MIN_TARGET = 44  # CSS px: the house's size for thumbs; WCAG 2.5.8's minimum is 24


@pytest.fixture
def tiles_survey(zone):
    survey = create_survey(zone, parse_template(TILES, "kafelki.yaml"), slug="kafelki")
    open_survey(survey)
    db.session.commit()
    return survey


def start(page: Page) -> None:
    page.goto("/zones/kwidzyn/surveys/kafelki")
    page.locator("form[action$='/start'] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wszystkie rodzaje")


def corners(box: dict) -> list[tuple[float, float]]:
    """Points 2 px inside each corner of a box, top left first."""
    left, top = box["x"] + 2, box["y"] + 2
    right, bottom = box["x"] + box["width"] - 2, box["y"] + box["height"] - 2
    return [(left, top), (right, top), (right, bottom), (left, bottom)]


# (question key, answer value, the answer's text): one tile of each kind of question.
TILE_OF = [
    ("jedno", "a", "Osoby z niepełnosprawnościami"),
    ("jedno", "other", "Inne"),
    ("wiele", "b", "Biblioteka"),
    ("zgoda", "4", "Raczej tak"),
    ("ocena", "3", "3"),
    ("ocena", "10", "10"),
]


@pytest.mark.parametrize(("key", "value", "text"), TILE_OF)
def test_a_click_in_any_corner_of_a_tile_chooses_its_answer(page, tiles_survey, key, value, text):
    start(page)
    answer = page.locator(f"#q-{key}-{value}")
    tile = page.locator("label.choice").filter(has=answer)
    expect(tile).to_have_text(text)
    tile.scroll_into_view_if_needed()
    box = tile.bounding_box()
    assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, box
    checkbox = answer.get_attribute("type") == "checkbox"
    for n in range(4):
        tile.evaluate("(el) => el.scrollIntoView({block: 'center'})")  # whole, mid-screen
        x, y = corners(tile.bounding_box())[n]
        page.mouse.click(x, y)  # exactly there: a finger's tap may be moved to a neighbour
        if checkbox and n % 2:  # every second click takes a checkbox back
            expect(answer, f"corner {n} of the tile “{text}”").not_to_be_checked()
            continue
        expect(answer, f"corner {n} of the tile “{text}”").to_be_checked()
        if not checkbox:
            page.locator(f"input[name={key}]:not([value='{value}'])").first.check()
            expect(answer).not_to_be_checked()


@pytest.mark.parametrize(("key", "value", "text"), TILE_OF)
def test_a_tap_at_either_end_of_a_tile_chooses_its_answer(page, tiles_survey, key, value, text):
    start(page)
    answer = page.locator(f"#q-{key}-{value}")
    tile = page.locator("label.choice").filter(has=answer)
    tile.scroll_into_view_if_needed()
    box = tile.bounding_box()
    middle = box["y"] + box["height"] / 2
    page.touchscreen.tap(box["x"] + box["width"] - 2, middle)  # far from the box and the text
    expect(answer).to_be_checked()
    if answer.get_attribute("type") == "radio":
        page.locator(f"input[name={key}]:not([value='{value}'])").first.check()
        tile.scroll_into_view_if_needed()
        box = tile.bounding_box()
        page.touchscreen.tap(box["x"] + 2, box["y"] + box["height"] / 2)
        expect(answer).to_be_checked()


def test_every_answer_target_is_big_enough(page, tiles_survey):
    start(page)
    targets = page.locator(
        "label.choice, .rank-row select, .rank-row label:not(.visually-hidden), .rank-tap,"
        " .rank-reset, .question input"
    )
    assert targets.count() > 25
    for target in targets.all():
        if not target.is_visible():
            continue
        box = target.bounding_box()
        small = target.evaluate("(el) => el.matches('.choice input')")  # inside its tile
        least = 24 if small else MIN_TARGET
        assert box["width"] >= least and box["height"] >= least, (target.evaluate(
            "(el) => el.outerHTML.slice(0, 120)"), box)  # fmt: skip


def test_answers_chosen_in_tile_corners_are_saved(page, tiles_survey):
    start(page)
    for key, value, _text in [("jedno", "b", ""), ("wiele", "a", ""), ("ocena", "7", "")]:
        box = page.locator("label.choice").filter(has=page.locator(f"#q-{key}-{value}"))
        box.scroll_into_view_if_needed()
        x, y = corners(box.bounding_box())[1]
        page.mouse.click(x, y)
    page.locator("button[name=action][value=next]").click()
    expect(page).to_have_url(re.compile(r"/done$"))
    db.session.commit()  # end this test's transaction: read what the server stored
    stored = db.session.execute(
        select(Answer.question_key, Answer.option, Answer.number).where(
            Answer.survey_id == tiles_survey.id
        )
    ).all()
    assert sorted((k, o, n) for k, o, n in stored) == [
        ("jedno", "b", None),
        ("ocena", None, 7),
        ("wiele", "a", None),
    ], stored
