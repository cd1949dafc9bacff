"""The coordinator reads the audit log in words, on a desktop and on a phone: each entry a
sentence, the record as stored folded away until asked for, a hostile title shown as text;
no accessibility violations (axe)."""

import pytest
from playwright.sync_api import expect

from app.cafes import moderation
from app.cafes.models import Idea
from app.extensions import db
from tests.browser.helpers import LANDING, LOCALES, TIMEOUT_MS

COORDINATOR = ("koordynator@strefy.example.org", "demo-koordynator")
HOSTILE = "<script>window.hacked = 1</script> Ławki w parku"
SIZES = {"1280x900": {"width": 1280, "height": 900}, "390x844": {"width": 390, "height": 844}}
# What the entry says in each language: its sentence (with the idea's number), that it
# names the changed fields (not the resident's words), the field, and the disclosure that
# holds the record as stored.
WORDS = {
    "pl": ("Pomysł „{title}” (nr {id}): poprawiono treść.",
           "Zmienione pola (ich treść nie jest przechowywana)", "Tytuł", "Zapis w dzienniku"),
    "en": ("Idea “{title}” (no. {id}): wording edited.",
           "Fields changed (their contents are not kept)", "Title", "As recorded"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("size", "lang"), [("1280x900", "pl"), ("390x844", "pl"), ("1280x900", "en")]
)
def test_the_coordinator_reads_the_audit_log_in_words(
    browser, live_server, axe_check, demo, size, lang
):
    idea = db.session.scalar(db.select(Idea).where(Idea.status == "published").limit(1))
    old_title = idea.title
    moderation.edit_idea(idea, None, HOSTILE, idea.description or "", None)
    db.session.commit()
    phone = size == "390x844"
    accept = f"{LOCALES[lang]},{lang};q=0.9"
    context = browser.new_context(
        viewport=SIZES[size], is_mobile=phone, has_touch=phone, base_url=live_server,
        locale=LOCALES[lang], extra_http_headers={"Accept-Language": accept},
    )  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    sentence, fields, field, record = WORDS[lang]
    try:
        page = context.new_page()
        page.goto("/login")
        page.locator("#email").fill(COORDINATOR[0])
        page.locator("#password").fill(COORDINATOR[1])
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
        page.goto("/admin/audit")

        first = page.locator("tbody tr").first  # the newest: the title just edited
        expect(first.locator(".audit-sentence")).to_have_text(
            sentence.format(title=HOSTILE, id=idea.id)
        )
        expect(first.locator(".changes dt").first).to_have_text(fields)
        expect(first.locator(".changes dd").first).to_have_text(field)
        expect(first.locator(".changes")).not_to_contain_text(old_title)
        assert page.evaluate("window.hacked") is None  # shown, never run
        stored = first.locator("details.audit-raw pre")
        expect(stored).to_be_hidden()  # codes and JSON only when asked for
        first.get_by_text(record).click()
        expect(stored).to_be_visible()
        expect(stored).to_contain_text('"action": "idea.edit"')
        axe_check(page)
    finally:
        context.close()
