"""Residents answer surveys on their phones, in a real browser: every section of the demo
diagnosis, errors, conditional questions, resuming, no JavaScript, a double tap, English."""

import functools
import re
import time
from collections.abc import Callable, Iterator

import flask
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Answer, Response, ResponseStatus, Survey
from app.surveys.services import answer_rows
from tests.browser.helpers import LOCALES, PHONE, TIMEOUT_MS
from tests.factories import make_survey

DIAGNOSIS = "Diagnoza potrzeb mieszkańców"
NEXT = "Dalej"
SEND = "Wyślij odpowiedzi"
THANKS = "Dziękujemy za odpowiedzi!"
CONTINUE = "Kontynuuj od miejsca, w którym przerwano"


@pytest.fixture
def diagnosis(demo) -> Survey:
    """Kwidzyn's open demo diagnosis survey, with its 320 demo responses."""
    return db.session.scalar(
        select(Survey).where(Survey.template_key == "diagnoza_potrzeb", Survey.status == "open")
    )


def complete_responses(survey: Survey) -> list[Response]:
    db.session.commit()  # end this test's transaction: read what the server stored
    return db.session.scalars(
        select(Response).where(
            Response.survey_id == survey.id, Response.status == ResponseStatus.COMPLETE
        )
    ).all()


def question(page: Page, text: str):
    """A question asked with a fieldset (choices, scales, rankings), by its legend."""
    return page.get_by_role("group", name=text)


def open_survey_from_zone_page(page: Page, title: str = DIAGNOSIS) -> None:
    page.goto("/zones/kwidzyn")
    page.get_by_role("region", name="Ankiety").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def expect_section(page: Page, title: str, position: int, total: int) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".progress")).to_have_text(f"Część {position} z {total}")


# a. Every section of the demo diagnosis ------------------------------------------------


def test_a_resident_answers_every_section_of_the_diagnosis(page, diagnosis, axe_check):
    before = len(complete_responses(diagnosis))

    open_survey_from_zone_page(page)
    axe_check(page)
    page.get_by_role("button", name="Rozpocznij ankietę").click()

    # 1. Your town: first "Next" with a required question left empty.
    expect_section(page, "Twoja miejscowość", 1, 5)
    axe_check(page)
    missing = question(page, "Czego najbardziej brakuje w Twojej miejscowości?")
    missing.get_by_label("Zajęć dla nastolatków").check()
    missing.get_by_label("Inne", exact=True).check()
    missing.get_by_label("Inne, jakie?").fill("Basenu")
    question(page, "Kto w Twojej okolicy ma najmniej").get_by_label("Seniorzy").check()
    page.get_by_role("button", name=NEXT).click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("Popraw następujące błędy")
    expect(summary.get_by_role("link")).to_have_count(1)  # one link per error
    expect(page.locator(".error-message")).to_have_count(1)
    error_link = summary.get_by_role("link")
    expect(error_link).to_contain_text("Jak dobrym miejscem do życia jest Twoja miejscowość?")
    expect(error_link).to_contain_text("Wybierz odpowiedź.")
    good_place = question(page, "Jak dobrym miejscem do życia jest Twoja miejscowość?")
    expect(good_place).not_to_be_in_viewport()
    error_link.click()
    expect(page).to_have_url(re.compile(r"#q-dobre_miejsce-0$"))
    expect(good_place.locator("legend")).to_be_in_viewport()
    expect(good_place).to_contain_text("Wybierz odpowiedź.")  # the error, by the question
    # Focus is on the question's first answer, ready to choose.
    expect(good_place.get_by_label("0", exact=True)).to_be_focused()

    # What was already answered on the page is still there.
    expect(missing.get_by_label("Zajęć dla nastolatków")).to_be_checked()
    expect(missing.get_by_label("Inne", exact=True)).to_be_checked()
    expect(missing.get_by_label("Inne, jakie?")).to_have_value("Basenu")
    expect(missing.get_by_label("Sportu i rekreacji")).not_to_be_checked()
    expect(question(page, "Kto w Twojej okolicy").get_by_label("Seniorzy")).to_be_checked()
    axe_check(page)  # with the error summary and the error messages

    # A low mark asks what bothers the resident, at once, on the same page.
    bothers = page.get_by_label("Co najbardziej przeszkadza Ci w Twojej miejscowości?")
    expect(bothers).to_be_hidden()
    expect(page.get_by_text("Odpowiedz tylko, jeśli to pytanie Cię dotyczy")).to_be_hidden()
    good_place.get_by_label("3", exact=True).check()
    expect(bothers).to_be_visible()
    good_place.get_by_label("8", exact=True).check()
    expect(bothers).to_be_hidden()
    good_place.get_by_label("3", exact=True).check()
    expect(bothers).to_be_visible()
    bothers.fill("Dziury w drogach")
    page.get_by_role("button", name=NEXT).click()

    # 2. Meeting people and finding out.
    expect_section(page, "Spotkania i informacja", 2, 5)
    axe_check(page)
    question(page, "Gdzie najczęściej spotykasz się").get_by_label("W bibliotece").check()
    question(page, "Skąd dowiadujesz się").get_by_label("Z plakatów i ogłoszeń").check()
    question(page, "W mojej miejscowości łatwo znaleźć informacje").get_by_label(
        "Raczej się zgadzam", exact=True
    ).check()
    question(page, "Mam gdzie spotkać się z ludźmi").get_by_label(
        "Raczej się nie zgadzam", exact=True
    ).check()
    page.get_by_role("button", name=NEXT).click()

    # 3. The library: rare visitors are asked why.
    expect_section(page, "Biblioteka", 3, 5)
    axe_check(page)
    why_not = question(page, "Co sprawia, że rzadko przychodzisz do biblioteki?")
    expect(why_not).to_be_hidden()
    question(page, "Jak często odwiedzasz bibliotekę?").get_by_label("Rzadziej").check()
    expect(why_not).to_be_visible()
    why_not.get_by_label("Brak czasu").check()
    question(page, "Jak bardzo prawdopodobne jest, że polecisz").get_by_label(
        "9", exact=True
    ).check()
    ranking = question(page, "Czym Strefa Innowacji w bibliotece powinna zająć się najpierw?")
    for place, option in enumerate(
        [
            "Spotkania dla rodziców z małymi dziećmi",
            "Lokalny kalendarz wydarzeń",
            "Zajęcia dla młodzieży",
            "Wydarzenia kulturalne",
            "Warsztaty z komputera i internetu",
        ],
        start=1,
    ):
        ranking.get_by_label(option).select_option(str(place))
    page.get_by_role("button", name=NEXT).click()

    # 4. Your ideas: an idea asks for more, an offer of help asks what.
    expect_section(page, "Twoje pomysły", 4, 5)
    axe_check(page)
    more = page.get_by_label("Opowiedz nam więcej o swoim pomyśle.")
    expect(more).to_be_hidden()
    page.get_by_label("Jaką jedną rzecz warto zrobić w Twojej miejscowości?").fill("Klub gier")
    expect(more).to_be_visible()
    more.fill("Piątkowe wieczory z grami planszowymi dla młodzieży.")
    what_can_you_do = page.get_by_label("Co możesz zrobić lub czego możesz nauczyć innych?")
    expect(what_can_you_do).to_be_hidden()
    question(page, "Czy chcesz wziąć udział").get_by_label("Tak, chętnie pomogę").check()
    expect(what_can_you_do).to_be_visible()
    what_can_you_do.fill("Pomogę przy plakatach.")
    page.get_by_role("button", name=NEXT).click()

    # 5. About you: a parent of a small child is asked how many.
    expect_section(page, "Kilka słów o Tobie", 5, 5)
    axe_check(page)
    expect(page.get_by_role("button", name=NEXT)).to_have_count(0)
    question(page, "Ile masz lat?").get_by_label("25–34").check()
    question(page, "Jesteś:").get_by_label("Kobietą").check()
    question(page, "W jakiej części miejscowości").get_by_label("Na osiedlu bloków").check()
    children = page.get_by_label("Ile dzieci w wieku poniżej 6 lat mieszka w Twoim domu?")
    parent = question(page, "Czy jesteś rodzicem lub opiekunem dziecka w wieku poniżej 6 lat?")
    expect(children).to_be_hidden()
    parent.get_by_label("Tak", exact=True).check()
    expect(children).to_be_visible()
    parent.get_by_label("Nie", exact=True).check()
    expect(children).to_be_hidden()
    parent.get_by_label("Tak", exact=True).check()
    expect(children).to_be_visible()
    children.fill("2")
    page.get_by_role("button", name=SEND).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    axe_check(page)

    after = complete_responses(diagnosis)
    assert len(after) == before + 1
    (mine,) = [r for r in after if not r.token.startswith("demo-")]
    assert mine.channel == "link"
    assert mine.draft == {
        "czego_brakuje": ["zajecia_mlodziez", "other"],
        "czego_brakuje__other": "Basenu",
        "kto_pominiety": ["seniorzy"],
        "dobre_miejsce": 3,
        "co_zmienic": "Dziury w drogach",
        "gdzie_spotkania": ["biblioteka"],
        "skad_informacje": ["plakaty"],
        "informacje_latwo": 4,
        "mam_gdzie_sie_spotkac": 2,
        "wizyty_w_bibliotece": "rzadziej",
        "co_powstrzymuje": ["brak_czasu"],
        "polecenie_biblioteki": 9,
        "priorytety_strefy": [
            "klub_rodzicow",
            "informator_lokalny",
            "zajecia_mlodziez",
            "wydarzenia_kulturalne",
            "warsztaty_cyfrowe",
        ],
        "pomysl": "Klub gier",
        "pomysl_opis": "Piątkowe wieczory z grami planszowymi dla młodzieży.",
        "zaangazowanie": "pomagac",
        "co_mozesz_zrobic": "Pomogę przy plakatach.",
        "grupa_wieku": "wiek_25_34",
        "plec": "kobieta",
        "czesc_miejscowosci": "osiedle",
        "rodzic_malego_dziecka": "tak",
        "liczba_malych_dzieci": 2,
    }


# b. Resuming ---------------------------------------------------------------------------


def test_a_resident_comes_back_to_where_they_stopped(page, diagnosis):
    open_survey_from_zone_page(page)
    page.get_by_role("button", name="Rozpocznij ankietę").click()
    expect_section(page, "Twoja miejscowość", 1, 5)
    question(page, "Czego najbardziej brakuje").get_by_label("Zajęć dla seniorów").check()
    question(page, "Jak dobrym miejscem").get_by_label("7", exact=True).check()
    page.get_by_role("button", name=NEXT).click()
    expect_section(page, "Spotkania i informacja", 2, 5)

    context = page.context  # the phone keeps its cookies; only the tab is closed
    page.close()
    page = context.new_page()

    open_survey_from_zone_page(page)
    expect(page.get_by_role("button", name="Rozpocznij ankietę")).to_have_count(0)
    page.get_by_role("link", name=CONTINUE).click()
    expect_section(page, "Spotkania i informacja", 2, 5)

    page.get_by_role("button", name="Wstecz").click()  # the first answers are kept
    expect_section(page, "Twoja miejscowość", 1, 5)
    expect(question(page, "Czego najbardziej").get_by_label("Zajęć dla seniorów")).to_be_checked()
    expect(question(page, "Jak dobrym miejscem").get_by_label("7", exact=True)).to_be_checked()


# c. Without JavaScript -----------------------------------------------------------------


@pytest.fixture
def phone_without_js(browser, live_server) -> Iterator[Page]:
    """A Polish phone whose browser runs no JavaScript."""
    db.session.commit()
    context = browser.new_context(
        **PHONE,
        base_url=live_server,
        locale=LOCALES["pl"],
        extra_http_headers={"Accept-Language": "pl-PL,pl;q=0.9"},
        java_script_enabled=False,
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_check_without_js(browser, live_server, axe_check) -> Iterator[Callable]:
    """axe_check_without_js(page): axe-core on a page as a browser without JavaScript got it.

    axe cannot run where JavaScript is off (it waits on timers), so the page's HTML is shown
    again in a browser that runs axe but none of the page's own scripts.
    """
    contexts = []

    def check(page: Page) -> None:
        html, url = page.content(), page.url
        context = browser.new_context(**PHONE, base_url=live_server, locale=LOCALES["pl"])
        contexts.append(context)
        context.route(
            lambda u: u == url,
            lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
        )
        context.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
        copy = context.new_page()
        copy.goto(url)
        assert not copy.evaluate("document.documentElement.classList.contains('js-conditions')")
        axe_check(copy)

    yield check
    for context in contexts:
        context.close()


def test_without_javascript_every_question_shows_and_the_survey_completes(
    phone_without_js, axe_check_without_js, survey
):
    page = phone_without_js
    open_survey_from_zone_page(page, "Ankieta próbna")
    axe_check_without_js(page)
    page.get_by_role("button", name="Rozpocznij ankietę").click()

    expect_section(page, "O Tobie", 1, 3)
    how_many = page.get_by_label("Ile?", exact=True)
    expect(how_many).to_be_visible()  # the server cannot know yet: the question is shown
    condition = page.get_by_text("Odpowiedz tylko, jeśli to pytanie Cię dotyczy")
    expect(condition).to_be_visible()
    expect(page.locator("#question-ile_dzieci")).to_contain_text("Odpowiedz tylko, jeśli")
    axe_check_without_js(page)

    question(page, "Ile masz lat?").get_by_label("do 24").check()
    question(page, "Czy masz małe dzieci?").get_by_label("Nie").check()
    page.get_by_role("button", name=NEXT).click()

    expect_section(page, "Miasto", 2, 2)  # no small children: no questions for parents
    axe_check_without_js(page)
    question(page, "Łatwo znaleźć informacje.").get_by_label("Raczej tak").check()
    page.get_by_role("button", name=SEND).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    axe_check_without_js(page)
    (response,) = complete_responses(survey)
    assert response.draft == {"wiek": "do_24", "dzieci": "nie", "informacje": 4}


def test_without_javascript_the_condition_hint_describes_its_field(phone_without_js, survey):
    page = phone_without_js
    open_survey_from_zone_page(page, "Ankieta próbna")
    page.get_by_role("button", name="Rozpocznij ankietę").click()
    how_many = page.get_by_label("Ile?", exact=True)
    for target in how_many.get_attribute("aria-describedby").split():
        expect(page.locator(f"#{target}")).to_have_count(1, timeout=500)  # it exists
    # What a screen reader says on entering the field: the hint sighted people see.
    expect(how_many).to_have_accessible_description(
        re.compile("Odpowiedz tylko, jeśli"), timeout=500
    )


# d. A double tap on "Send" -------------------------------------------------------------


@pytest.fixture
def slow_network(app, monkeypatch) -> list[str]:
    """Sent answers take half a second to arrive, as on a poor mobile connection: time for a
    second tap. Returns the paths of the answer pages the server received a POST for."""
    received: list[str] = []
    view = app.view_functions["surveys.answer"]

    @functools.wraps(view)
    def slow_answer(**kwargs):
        if flask.request.method == "POST":
            received.append(flask.request.path)
            time.sleep(0.5)
        return view(**kwargs)

    monkeypatch.setitem(app.view_functions, "surveys.answer", slow_answer)
    return received


def test_a_double_tap_on_send_stores_one_response(page, survey, slow_network):
    open_survey_from_zone_page(page, "Ankieta próbna")
    page.get_by_role("button", name="Rozpocznij ankietę").click()
    question(page, "Ile masz lat?").get_by_label("25 i więcej").check()
    question(page, "Czy masz małe dzieci?").get_by_label("Nie").check()
    page.get_by_role("button", name=NEXT).click()
    expect_section(page, "Miasto", 2, 2)
    question(page, "Łatwo znaleźć informacje.").get_by_label("Trudno powiedzieć").check()
    slow_network.clear()

    send = page.get_by_role("button", name=SEND)
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)  # a thumb's double tap: two taps 150 ms apart
    page.wait_for_timeout(150)
    page.touchscreen.tap(x, y)

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    assert len(slow_network) == 2, f"the server got {len(slow_network)} submissions, not 2"
    assert slow_network[0] == slow_network[1]
    db.session.commit()
    responses = db.session.scalars(select(Response).where(Response.survey_id == survey.id)).all()
    assert [(r.status, r.channel) for r in responses] == [("complete", "link")]
    rows = db.session.scalar(
        select(func.count()).select_from(Answer).where(Answer.response_id == responses[0].id)
    )
    assert rows == len(answer_rows(survey.template, survey.id, responses[0].id, responses[0].draft))


# e. In English -------------------------------------------------------------------------


def test_an_english_survey_page_is_in_english_and_accessible(phone, diagnosis, axe_check):
    page = phone("en")
    page.goto("/zones/kwidzyn")
    page.get_by_role("link", name="Residents' needs diagnosis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Residents' needs diagnosis")
    page.get_by_role("button", name="Start the survey").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your town")
    expect(question(page, "What is most missing in your town?")).to_be_visible()
    expect(page.get_by_label("Activities for teenagers")).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_be_visible()
    expect(page.get_by_text("Czego najbardziej brakuje")).to_have_count(0)
    axe_check(page)


# f. Help as the resident ticks: at most N, tap to rank, the language switch -------------

FIT = """
key: dopasowanie
title: {pl: Ankieta o bibliotece, en: Library survey}
introduction: {pl: Trzy pytania., en: Three questions.}
sections:
  - key: pierwsza
    title: {pl: Co ważne, en: What matters}
    questions:
      - key: zajecia
        type: multiple_choice
        text: {pl: 'Jakie zajęcia?', en: 'Which activities?'}
        required: true
        max_choices: 2
        other: true
        options:
          - {value: kino, label: {pl: Kino, en: Cinema}}
          - {value: basen, label: {pl: Basen, en: Pool}}
          - {value: park, label: {pl: Park, en: Park}}
      - key: kolejnosc
        type: ranking
        text: {pl: 'Co najpierw?', en: 'What first?'}
        required: true
        options:
          - {value: czytelnia, label: {pl: Czytelnia, en: Reading room}}
          - {value: warsztaty, label: {pl: Warsztaty, en: Workshops}}
          - {value: koncerty, label: {pl: Koncerty, en: Concerts}}
      - key: imie_psa
        type: short_text
        text: {pl: 'Jeden pomysł', en: 'One idea'}
  - key: druga
    title: {pl: Na koniec, en: Last}
    questions:
      - key: uwagi
        type: long_text
        text: {pl: Uwagi, en: Remarks}
"""

FIT_WORDS = {
    "pl": {
        "start": "Rozpocznij ankietę", "other": "Inne, jakie?", "full": "Wybrano już 2",
        "activities": "Jakie zajęcia?", "cinema": "Kino", "pool": "Basen", "park": "Park",
        "ranking": "Co najpierw?", "rooms": ["Czytelnia", "Warsztaty", "Koncerty"],
        "clear": "Wyczyść kolejność", "idea": "Jeden pomysł", "last": "Na koniec",
        "switch": ("English", "en"), "hint": "Ponumeruj wszystkie 3 odpowiedzi",
    },
    "en": {
        "start": "Start the survey", "other": "Other, namely:", "full": "You have chosen 2",
        "activities": "Which activities?", "cinema": "Cinema", "pool": "Pool", "park": "Park",
        "ranking": "What first?", "rooms": ["Reading room", "Workshops", "Concerts"],
        "clear": "Clear the order", "idea": "One idea", "last": "Last",
        "switch": ("Polski", "pl"), "hint": "Put all 3 in order",
    },
}  # fmt: skip


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_limits_ranking_by_taps_and_the_language_switch_keep_the_answers(
    phone, zone, axe_check, lang
):
    make_survey(zone, FIT, "dopasowanie")
    words = FIT_WORDS[lang]
    page = phone(lang)
    page.goto("/zones/kwidzyn/surveys/dopasowanie")
    page.get_by_role("button", name=words["start"]).click()

    # "Other" typed is ticked; at most 2: the third box is off, and the page says why.
    activities = question(page, words["activities"])
    activities.get_by_label(words["other"]).fill("Szachy")
    expect(activities.get_by_label(words["other"].split(",")[0], exact=True)).to_be_checked()
    activities.get_by_label(words["cinema"]).check()
    for name in (words["pool"], words["park"]):
        expect(activities.get_by_label(name)).to_be_disabled()
    status = page.locator("#q-zajecia-choices-limit")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text(words["full"])
    activities.get_by_label(words["cinema"]).uncheck()
    expect(activities.get_by_label(words["pool"])).to_be_enabled()
    expect(status).to_have_text("")
    activities.get_by_label(words["pool"]).check()

    # A ranking says it must be complete, and is filled by taps in order (and keys).
    ranking = question(page, words["ranking"])
    expect(ranking).to_contain_text(words["hint"])
    first, second, third = words["rooms"]
    taps = {name: ranking.get_by_role("button", name=name, exact=True) for name in words["rooms"]}
    selects = {name: ranking.get_by_label(name, exact=True) for name in words["rooms"]}
    taps[third].click()
    taps[first].click()
    taps[second].click()
    assert [selects[n].input_value() for n in words["rooms"]] == ["2", "3", "1"]
    taps[first].click()  # a second tap takes it out; those after it move up
    assert [selects[n].input_value() for n in words["rooms"]] == ["", "2", "1"]
    page.get_by_role("button", name=words["clear"]).click()
    assert [selects[n].input_value() for n in words["rooms"]] == ["", "", ""]
    for name in words["rooms"]:
        taps[name].focus()
        page.keyboard.press("Enter" if name != second else "Space")
    assert [selects[n].input_value() for n in words["rooms"]] == ["1", "2", "3"]
    axe_check(page)  # with a box off, the live message and the tap buttons

    # The language switch sends the page first: everything ticked is still there.
    name, other_lang = words["switch"]
    page.get_by_role("navigation", name=re.compile("Język|Language")).get_by_role(
        "button", name=name
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", other_lang)
    there = FIT_WORDS[other_lang]
    activities = question(page, there["activities"])
    expect(activities.get_by_label(there["pool"])).to_be_checked()
    expect(activities.get_by_label(there["other"].split(",")[0], exact=True)).to_be_checked()
    expect(activities.get_by_label(there["other"])).to_have_value("Szachy")
    expect(activities.get_by_label(there["park"])).to_be_disabled()  # still two of two
    ranking = question(page, there["ranking"])
    kept = [ranking.get_by_label(n, exact=True).input_value() for n in there["rooms"]]
    assert kept == ["1", "2", "3"]
    expect(page.get_by_role("alert")).to_have_count(0)  # kept, not checked yet
    axe_check(page)

    # Enter in a field still goes on to the next part (the hidden "Next" comes first).
    page.get_by_label(there["idea"]).fill("Klub")
    page.get_by_label(there["idea"]).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(there["last"])
