"""Kwidzyn's demo Creative Café in a real browser, on a phone (390 by 844): a resident posts an
idea and supports another; a librarian publishes, merges and rejects; hostile text stays
text; the board and moderation pages are axe-clean in Polish and English.

The flows are driven in English. The Polish runs check structure only (headings, no axe
violations), never the wording, whose translation may change.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.cafes.demo import REJECTION
from app.cafes.models import Idea, IdeaStatus, Support
from app.cafes.participation import follow_hash
from app.extensions import db
from tests.browser.helpers import LANDING

CAFE = "/zones/kwidzyn/cafes/kawiarenka-rodzice-mlodziez-seniorzy"
QUEUE = "/zones/kwidzyn/moderation"
LIBRARIAN = ("bibliotekarka@kwidzyn.example.org", "demo-bibliotekarka")
PHONE_WIDTH = 390
# A button's visually hidden part is a block of its own: Chromium names it "Support : title".
SUPPORT_MORNING = re.compile(r"^Support\s*: Poranki z bajką$")


def idea_named(title: str) -> Idea:
    db.session.commit()  # end our transaction: see what the server stored
    return db.session.scalar(select(Idea).where(Idea.title == title))


def signed_in(page, sign_in, lang="en"):
    page.goto("/login")
    sign_in(page, *LIBRARIAN, lang=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANDING[lang])
    return page


def no_sideways_scroll(page) -> None:
    page.wait_for_load_state("load")  # styled: its stylesheets first
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url


def check_page(page, axe_check) -> None:
    """A page with a main heading, as wide as the phone, with no axe violations."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    no_sideways_scroll(page)
    axe_check(page)


def post_idea(page, title: str, description: str = "", nickname: str = "") -> str:
    """Fill in and send the board's form (by field ids: any language); returns the private
    follow link shown on the confirmation."""
    page.locator("#title").fill(title)
    if description:
        page.locator("#description").fill(description)
    if nickname:
        page.locator("#nickname").fill(nickname)
    page.locator("form[action$='/ideas'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/boards/\d+/posted"))
    link = page.locator("#follow-link").input_value()
    assert re.search(r"/i/[\w-]{20,}$", link), link
    return link


def live_url(link: str) -> str:
    """The live server's scheme and host, in front of `link`'s path."""
    parts = urlsplit(link)
    return f"{parts.scheme}://{parts.netloc}"


def card(page, idea: Idea):
    return page.locator(f"#idea-{idea.id}")


def queue_item(page, title: str):
    return page.locator("article.moderation-item").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


# A resident ----------------------------------------------------------------------------


def test_a_resident_posts_an_idea_and_supports_another(phone, demo):
    page = phone("en")
    page.goto(CAFE)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kreatywna Kawiarenka: czego nam brakuje?"
    )
    page.get_by_role("link", name=re.compile(r"^Table 1:")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jak młodzi rodzice mogliby się spotykać w Kwidzynie?"
    )
    expect(page.get_by_role("heading", name=re.compile(r"^Ideas \(\d+\)$"))).to_be_visible()

    # Post an idea: a title, a description, a nickname.
    page.get_by_label("Your idea in a few words").fill("Wypożyczalnia nosidełek")
    page.get_by_label("Tell us more (optional)").fill("Nosidełka i chusty do wypożyczenia.")
    page.get_by_label("Your first name or nickname (optional)").fill("Ola")
    page.get_by_role("button", name="Send my idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your idea")
    expect(page.get_by_text("The library will read “Wypożyczalnia nosidełek”")).to_be_visible()
    link = page.get_by_label("Link to your idea").input_value()
    assert re.search(r"/i/[\w-]{20,}$", link), link
    no_sideways_scroll(page)
    stored = idea_named("Wypożyczalnia nosidełek")
    assert stored.status == IdeaStatus.PENDING
    assert (stored.description, stored.nickname) == ("Nosidełka i chusty do wypożyczenia.", "Ola")
    assert stored.follow_hash == follow_hash(link.rsplit("/", 1)[1])

    # The private link: the idea waits for the library.
    page.get_by_role("link", name="Open your idea's page and bookmark it").click()
    expect(page).to_have_url(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wypożyczalnia nosidełek")
    expect(page.locator(".idea-status")).to_have_text("waiting for the library to publish it")
    no_sideways_scroll(page)

    # Going back does not show the private link again (it is shown once): the board,
    # where the pending idea is not shown; support a published one.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/boards/\d+$"))
    expect(page.locator("#follow-link")).to_have_count(0)
    ideas = page.locator("section[aria-labelledby=ideas-title]")
    expect(ideas.get_by_role("link", name="Wypożyczalnia nosidełek")).to_have_count(0)
    # Only this phone's own list of its ideas links to it, by its private link.
    mine = page.locator("section.my-ideas").get_by_role("link", name="Wypożyczalnia nosidełek")
    expect(mine).to_have_attribute("href", link.removeprefix(live_url(link)))
    morning = idea_named("Poranki z bajką")
    before = int(re.match(r"\d+", card(page, morning).locator(".support-count").inner_text())[0])
    # A second tab on the same phone, still showing the Support button.
    stale = page.context.new_page()
    stale.goto(page.url)

    card(page, morning).get_by_role("button", name=SUPPORT_MORNING).click()
    # The thanks is next to the idea, where the page opens (its anchor), not at the top.
    expect(page).to_have_url(re.compile(rf"#idea-{morning.id}$"))
    expect(card(page, morning).get_by_role("status")).to_have_text(
        "Thank you: you support this idea. Ideas with more supports go further."
    )
    expect(card(page, morning).get_by_role("status")).to_be_in_viewport()
    expect(card(page, morning).locator(".support-count")).to_have_text(f"{before + 1} supports")
    expect(card(page, morning).get_by_role("button", name=re.compile("^Support"))).to_have_count(0)
    no_sideways_scroll(page)

    # The same phone taps Support again (in the stale tab): nothing more is counted.
    card(stale, morning).get_by_role("button", name=SUPPORT_MORNING).click()
    expect(card(stale, morning).locator(".supported")).to_be_visible()
    expect(card(stale, morning).locator(".support-count")).to_have_text(f"{before + 1} supports")
    page.reload()
    expect(card(page, morning).locator(".support-count")).to_have_text(f"{before + 1} supports")
    expect(card(page, morning).locator(".supported")).to_have_text(
        "Supported: you support this idea."
    )
    db.session.commit()
    assert len(db.session.scalars(select(Support).where(Support.idea_id == morning.id)).all()) == (
        before + 1
    )


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_resident_pages_are_accessible(phone, axe_check, demo, lang):
    page = phone(lang)
    page.goto(CAFE)
    check_page(page, axe_check)
    expect(page.locator("#boards-title")).to_be_visible()
    page.locator("a[href*='/boards/']").first.click()
    expect(page.locator("#post-title")).to_be_visible()
    expect(page.locator("#ideas-title")).to_be_visible()
    check_page(page, axe_check)

    # Sent empty: the board again, with its error summary tied to the title.
    page.locator("form[action$='/ideas'] button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    check_page(page, axe_check)

    link = post_idea(page, "Wypożyczalnia nosidełek", "Nosidełka i chusty.", "Ola")
    expect(page.locator("#link-title")).to_be_visible()
    check_page(page, axe_check)  # the confirmation, with similar ideas to support
    page.goto(link)
    check_page(page, axe_check)  # the private page of a pending idea

    # The private pages of the demo's rejected and merged ideas.
    for title, token in (("Sprzedam wózek, tel. 601 234 567", "rejected-token-0123456789"),
                         ("klub mam", "merged-token-0123456789")):  # fmt: skip
        idea_named(title).follow_hash = follow_hash(token)
    db.session.commit()
    page.goto("/i/rejected-token-0123456789")
    expect(page.locator(".idea-reason")).to_have_text(REJECTION)
    check_page(page, axe_check)
    page.goto("/i/merged-token-0123456789")
    expect(page.locator("main a[href*='/ideas/']")).to_have_text("Klub Młodych Mam")
    check_page(page, axe_check)

    # An idea's own page, and the board after a support.
    morning = idea_named("Poranki z bajką")
    page.goto(f"/zones/kwidzyn/ideas/{morning.id}")
    check_page(page, axe_check)
    card(page, morning).locator("form button[type=submit]").click()
    expect(card(page, morning).locator(".supported")).to_be_visible()
    check_page(page, axe_check)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_similar_ideas_show_while_typing_and_the_device_keeps_the_link(phone, axe_check, demo,
                                                                       lang):  # fmt: skip
    page = phone(lang)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    klub = idea_named("Klub Młodych Mam")
    page.goto(f"/zones/kwidzyn/boards/{klub.board_id}")
    # The board's ideas come first, and a link leads to the form below them.
    assert (
        page.locator("#ideas-title").bounding_box()["y"]
        < page.locator("#post-title").bounding_box()["y"]
    )
    page.locator("a[href='#post-title']").click()
    page.locator("#title").press_sequentially("klub mlodych mam", delay=20)
    hint = page.locator(".similar-live")
    expect(hint.locator(f"a[href='#idea-{klub.id}']")).to_have_text("Klub Młodych Mam")
    expect(page.locator("input[name=checked]")).to_have_value("1")
    check_page(page, axe_check)

    # Sent anyway: the similar ideas were shown, so it goes at once, to the private link.
    link = post_idea(page, "klub mlodych mam", "Spotkania w środy.")
    copy = page.locator("button[data-copy]")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.locator("button[data-print]")).to_be_visible()
    check_page(page, axe_check)

    # The board lists it among this phone's ideas, with its private link.
    page.goto(f"/zones/kwidzyn/boards/{klub.board_id}")
    mine = page.locator("section.my-ideas")
    expect(mine.locator(f"a[href='{link.removeprefix(live_url(link))}']")).to_have_text(
        "klub mlodych mam"
    )
    check_page(page, axe_check)
    page.goto(link)
    expect(page.locator(".breadcrumb a[href*='/boards/']")).to_be_visible()
    check_page(page, axe_check)


# A librarian ---------------------------------------------------------------------------


def test_a_librarian_publishes_merges_and_rejects(phone, sign_in, demo):
    resident = phone("en")
    board = idea_named("Poranki z bajką").board_id
    resident.goto(f"/zones/kwidzyn/boards/{board}")
    kept = post_idea(resident, "Wypożyczalnia nosidełek", "Nosidełka i chusty.", "Ola")
    resident.get_by_role("link", name="Back to the board").click()
    refused = post_idea(resident, "Tańsze parkowanie w centrum", "Więcej miejsc dla aut.")

    page = signed_in(phone("en"), sign_in)
    page.goto(QUEUE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation of ideas")
    expect(queue_item(page, "Wypożyczalnia nosidełek")).to_contain_text("waiting for moderation")

    # Publish the resident's idea: it is on the board, and its private page says so.
    queue_item(page, "Wypożyczalnia nosidełek").get_by_role(
        "button", name=re.compile(r"^Publish\s+“Wypożyczalnia nosidełek”$")
    ).click()
    expect(page.locator(".flashes")).to_contain_text(
        "“\u2068Wypożyczalnia nosidełek\u2069” is now published."
    )
    expect(queue_item(page, "Wypożyczalnia nosidełek")).to_contain_text("published")
    assert idea_named("Wypożyczalnia nosidełek").status == IdeaStatus.PUBLISHED
    resident.goto(kept)
    expect(resident.locator(".idea-status")).to_have_text("published on the board")
    resident.get_by_role("link", name="See it on the board").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Wypożyczalnia nosidełek")

    # Merge "Poranki z bajką" into "Kącik zabaw dla maluchów": its supports count there.
    source, target = idea_named("Poranki z bajką"), idea_named("Kącik zabaw dla maluchów")
    devices = set(
        db.session.scalars(
            select(Support.device_hash).where(Support.idea_id.in_([source.id, target.id]))
        )
    )
    page.goto(f"/zones/kwidzyn/ideas/{source.id}/moderate")
    expect(page.get_by_role("heading", level=1)).to_have_text("Poranki z bajką")
    page.get_by_role("link", name="Merge into another idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge an idea")
    merge_into = page.get_by_role("group", name="Merge into")
    merge_into.get_by_label(re.compile(r"^Kącik zabaw dla maluchów")).check()
    page.get_by_label("Note (optional)").fill("To samo miejsce dla maluchów.")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/ideas/{target.id}/moderate$"))
    expect(page.locator(".flashes")).to_contain_text("The idea has been merged")
    expect(page.get_by_role("heading", name="Merged ideas")).to_be_visible()
    source = idea_named("Poranki z bajką")
    assert (source.status, source.merged_into_id) == (IdeaStatus.MERGED, target.id)

    # The merged-away idea's public page leads to the target; the board counts both.
    resident.goto(f"/zones/kwidzyn/ideas/{source.id}")
    expect(resident).to_have_url(re.compile(rf"/zones/kwidzyn/ideas/{target.id}$"))
    expect(resident.get_by_role("heading", level=1)).to_have_text("Kącik zabaw dla maluchów")
    resident.goto(f"/zones/kwidzyn/boards/{board}")
    expect(card(resident, source)).to_have_count(0)
    expect(card(resident, target).locator(".support-count")).to_have_text(
        f"{len(devices)} supports"
    )
    assert len(devices) > 9  # more than the target had alone (9 in the demo)

    # Reject the other idea with a reason template: its author reads the reason.
    page.goto(QUEUE)
    item = queue_item(page, "Tańsze parkowanie w centrum")
    item.locator("summary", has_text="Reject").click()
    item.get_by_label("Reason", exact=True).select_option(label="Off topic")
    item.get_by_role("button", name="Reject the idea").click()
    expect(page.locator(".flashes")).to_contain_text(
        "“\u2068Tańsze parkowanie w centrum\u2069” is now rejected."
    )
    rejected = idea_named("Tańsze parkowanie w centrum")
    assert rejected.status == IdeaStatus.REJECTED
    assert rejected.reason == "This does not answer the table's question."
    resident.goto(refused)
    expect(resident.locator(".idea-status")).to_have_text("not published")
    expect(resident.get_by_role("heading", name="Why it was not published")).to_be_visible()
    expect(resident.locator(".idea-reason")).to_have_text(
        "This does not answer the table's question."
    )

    # The librarian's own words win over the template's text.
    page.goto(f"/zones/kwidzyn/ideas/{idea_named('Escape room w bibliotece').id}/moderate")
    page.locator("details.reject-form > summary").click()
    page.get_by_label("Reason", exact=True).select_option(label="Not feasible for the library")
    page.get_by_label("Reason in your own words").fill("Piwnica jest zalewana po deszczu.")
    page.get_by_role("button", name="Reject the idea").click()
    expect(page.locator(".flashes")).to_contain_text("is now rejected")
    assert idea_named("Escape room w bibliotece").reason == "Piwnica jest zalewana po deszczu."
    no_sideways_scroll(page)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_moderation_pages_are_accessible(phone, sign_in, axe_check, demo, lang):
    page = signed_in(phone(lang), sign_in, lang)
    page.goto(QUEUE)
    expect(page.locator("article.moderation-item").first).to_be_visible()
    check_page(page, axe_check)
    # A rejection form unfolded, and the similar ideas of an item.
    page.locator("details.reject-form summary").first.click()
    expect(page.locator("details.reject-form textarea").first).to_be_visible()
    page.locator("details.similar-ideas summary").first.click()
    axe_check(page)

    # A chosen idea (in the plan) with merged ideas, history and supports; a pending one; the merge.
    for title in ("Klub Młodych Mam", "Zajęcia sensoryczne", "Sprzedam wózek, tel. 601 234 567"):
        page.goto(f"/zones/kwidzyn/ideas/{idea_named(title).id}/moderate")
        expect(page.locator("#status-title")).to_be_visible()
        check_page(page, axe_check)
    page.goto(f"/zones/kwidzyn/ideas/{idea_named('Zajęcia sensoryczne').id}/merge")
    expect(page.locator("fieldset input[type=radio]").first).to_be_visible()
    check_page(page, axe_check)
    # Sent without a choice: the merge page with its error summary.
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, axe_check)


# Hostile text --------------------------------------------------------------------------


def test_a_hostile_title_stays_text(phone, sign_in, demo):
    title = "<img src=x onerror=alert(1)> \u202egnp.exe"
    dialogs: list[str] = []
    page = phone("en")
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"/zones/kwidzyn/boards/{idea_named('Poranki z bajką').board_id}")
    page.get_by_label("Your idea in a few words").fill(title)
    page.get_by_label("Tell us more (optional)").fill('"><script>alert(2)</script>')
    page.get_by_role("button", name="Send my idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your idea")
    expect(page.locator("main .lead")).to_contain_text(title)
    assert page.locator("main img").count() == 0
    link = page.get_by_label("Link to your idea").input_value()

    page.goto(link)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    assert heading.text_content() == title  # every character kept, the override included
    expect(heading).to_have_attribute("dir", "auto")
    expect(page.get_by_text('"><script>alert(2)</script>')).to_be_visible()
    assert page.locator("main img, main script").count() == 0
    stored = idea_named(title)
    assert stored is not None and stored.description == '"><script>alert(2)</script>'

    # The librarian's queue shows it as text too.
    librarian = signed_in(phone("en"), sign_in)
    librarian.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    librarian.goto(QUEUE)
    expect(librarian.get_by_role("heading", name=title, exact=True)).to_be_visible()
    assert librarian.locator("main img, main script").count() == 0
    page.wait_for_timeout(200)  # give a stray handler the time to run
    assert dialogs == []


# Personal data, while the librarian types -------------------------------------------------


def test_the_librarian_is_warned_of_personal_data_while_typing(phone, sign_in, axe_check, demo):
    page = signed_in(phone("en"), sign_in)
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{CAFE}/cards")
    live = page.locator("form .personal-data-live")
    text = page.get_by_label("Card text")
    text.press_sequentially("Klub szachowy, tel. 600 123 456")
    expect(live).to_contain_text("personal data (phone number)")
    axe_check(page)
    text.fill("Klub szachowy w czwartki")
    expect(live).to_be_empty()
    text.fill("Klub szachowy\nTel. 600 123 456")
    expect(live).to_contain_text("phone number")

    page.get_by_role("button", name="Save the card and type the next one").click()
    expect(page.get_by_role("status").first).to_contain_text("but not published")
    stored = idea_named("Klub szachowy")
    assert stored.status == IdeaStatus.PENDING
    check_page(page, axe_check)

    # The edit form warns too, and removing the number clears the warning and the history.
    page.get_by_role("link", name="Edit the card you just saved").click()
    description = page.get_by_label("Description")
    edit_live = page.locator("form .personal-data-live")
    expect(edit_live).to_be_empty()  # the page's own warning is above, not repeated
    description.fill("Klub szachowy\nZapisy w bibliotece")
    expect(edit_live).to_be_empty()
    description.fill("Klub szachowy\nZapisy: 601 234 567")
    expect(edit_live).to_contain_text("phone number")
    description.fill("Klub szachowy\nZapisy w bibliotece")
    expect(edit_live).to_be_empty()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").first).to_contain_text("The changes have been saved.")
    history = page.locator("ol.history")
    expect(history).to_contain_text("wording edited")
    expect(history).not_to_contain_text("600 123 456")
    assert blocked == []
