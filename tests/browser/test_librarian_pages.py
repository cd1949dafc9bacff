"""A librarian runs the zone's survey on a phone: every management page is axe-clean, in
Polish and English, and the main actions work in a real browser."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.surveys.models import Survey
from tests.browser.helpers import LANDING

PASSWORD = "browser-test-password"
EMAIL = "anna@kwidzyn.example.org"


@pytest.fixture
def librarian(make_user, zone):
    make_user("librarian", zone, email=EMAIL, password=PASSWORD)


def signed_in(phone, sign_in, lang):
    page = phone(lang)
    page.goto("/login")
    sign_in(page, EMAIL, PASSWORD, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    return page


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_survey_management_pages_are_accessible(phone, sign_in, axe_check, librarian, lang):
    page = signed_in(phone, sign_in, lang)
    page.goto("/zones/kwidzyn/surveys")
    axe_check(page)
    page.get_by_role(
        "button", name={"pl": "Utwórz ankietę", "en": "Create the survey"}[lang]
    ).click()
    expect(page.get_by_role("status")).to_be_visible()
    axe_check(page)  # the survey's own page, a draft

    db.session.commit()
    survey = db.session.scalar(select(Survey))
    base = f"/zones/kwidzyn/surveys/{survey.slug}"
    page.get_by_role("button", name={"pl": "Otwórz ankietę", "en": "Open the survey"}[lang]).click()
    expect(
        page.get_by_role("button", name={"pl": "Zamknij ankietę", "en": "Close the survey"}[lang])
    ).to_be_visible()
    for path in ("edit", "paper", "codes"):
        page.goto(f"{base}/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_paper_entry_keeps_the_typist_in_flow(phone, sign_in, librarian, survey):
    page = signed_in(phone, sign_in, "pl")
    page.goto("/zones/kwidzyn/surveys/proba/paper")
    first = page.get_by_role("group", name="Ile masz lat?").get_by_label("do 24")
    expect(first).to_be_focused()  # ready for the first answer
    first.check()
    page.get_by_role("group", name="Czy masz małe dzieci?").get_by_label("Nie").check()
    page.get_by_role("group", name="Łatwo znaleźć informacje.").get_by_label("Raczej tak").check()
    page.get_by_role("button", name="Zapisz i wpisz następną").click()
    expect(page.get_by_role("status")).to_contain_text("wpisano dotąd: 1")
    # An empty form again, with the focus back on the first answer.
    expect(
        page.get_by_role("group", name="Ile masz lat?").get_by_label("do 24")
    ).not_to_be_checked()
    expect(page.get_by_role("group", name="Ile masz lat?").get_by_label("do 24")).to_be_focused()


def test_the_last_paper_questionnaire_is_corrected_then_withdrawn(
    phone, sign_in, axe_check, librarian, survey
):
    page = signed_in(phone, sign_in, "pl")
    page.goto("/zones/kwidzyn/surveys/proba/paper")
    # Only what the person answered: the required questions left blank are no answer.
    page.get_by_role("group", name="Łatwo znaleźć informacje.").get_by_label("Raczej tak").check()
    page.get_by_role("button", name="Zapisz i wpisz następną").click()
    expect(page.get_by_role("status")).to_contain_text("wpisano dotąd: 1")
    axe_check(page)  # the saved questionnaire's section, above the empty form
    page.get_by_role("link", name=re.compile(r"Popraw ankietę nr \d+")).click()
    axe_check(page)
    informacje = page.get_by_role("group", name="Łatwo znaleźć informacje.")
    expect(informacje.get_by_label("Raczej tak")).to_be_checked()
    informacje.get_by_label("Zdecydowanie tak").check()
    page.get_by_role("button", name="Zapisz poprawkę").click()
    expect(page.get_by_role("status")).to_contain_text("Ankieta została poprawiona")
    page.get_by_role("button", name=re.compile(r"Wycofaj ankietę nr \d+")).click()
    expect(page.get_by_role("status")).to_contain_text("nie jest już liczona")
    page.goto("/zones/kwidzyn/surveys/proba/manage")
    expect(page.get_by_text("1 ankieta papierowa została wycofana")).to_be_visible()


def test_poster_prints_on_one_a4_page(phone, sign_in, librarian, survey):
    page = signed_in(phone, sign_in, "pl")
    page.goto("/zones/kwidzyn/surveys/proba/poster")
    expect(page.locator("svg")).to_be_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
