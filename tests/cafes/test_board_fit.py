"""Issue 12 on a board, as a resident notices it (server side, without JavaScript): the
ideas before the form, similar ideas before an idea is stored, the private link kept (copy,
QR code, "your ideas from this device"), a past café's outcome, the active order, thanks
next to the idea supported, and paper cards told apart."""

import re
from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer

from app.cafes.board_views import MY_IDEAS_COOKIE
from app.cafes.models import IdeaChannel, IdeaStatus
from app.cafes.participation import post_idea as add_idea
from app.core.time import utcnow
from app.extensions import db
from tests.cafes.factories import FOLLOW_LINK, board_url, ideas_of, plan_cafe
from tests.helpers import csrf_token_from, tampered

pytestmark = pytest.mark.usefixtures("english")


def lookup(client, board, q):
    """The live lookup of similar ideas, as the page's script asks it."""
    return client.get(f"{board_url(board)}/similar", query_string={"q": q})


def my_ideas_cookie(app, tokens) -> str:
    return URLSafeSerializer(app.secret_key, salt="my-ideas").dumps(tokens)


def card_of(html: str, idea) -> str:
    """The HTML of the idea's card on a page."""
    start = html.index(f'id="idea-{idea.id}"')
    return html[start : html.index("</article>", start)]


def pending_idea(board, title="Moje"):
    idea, token = add_idea(board, title=title, description="", nickname=None,
                           channel=IdeaChannel.LINK, device=None)  # fmt: skip
    db.session.commit()
    return idea, token


# 1. Similar ideas before sending, the ideas before the form ------------------------------


def test_the_board_shows_its_ideas_before_the_form_and_links_to_the_form(client, board, make_idea):
    make_idea(board, "Ławki w parku")
    html = client.get(board_url(board)).get_data(as_text=True)
    assert html.index("Ławki w parku") < html.index('id="post-title"')
    assert html.index('href="#post-title"') < html.index('id="ideas-title"')


def test_posting_a_look_alike_shows_similar_ideas_first_and_keeps_what_was_typed(
    client, board, make_idea, post_idea
):
    existing = make_idea(board, "Klub młodych mam", description="Spotkania w czwartki rano")
    response = post_idea({"title": "klub mlodych mam", "description": "w czwartki, z kawą",
                          "nickname": "Ola"})  # fmt: skip
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "These ideas look similar" in html and "Your idea is not sent yet" in html
    assert f"/ideas/{existing.id}/support" in card_of(html, existing)  # support it instead
    assert ideas_of(board) == [existing]  # nothing stored yet
    assert 'value="klub mlodych mam"' in html and "w czwartki, z kawą</textarea>" in html
    assert 'value="Ola"' in html
    assert '<input type="hidden" name="checked" value="1">' in html
    assert "Send my idea anyway" in html

    again = client.post(f"{board_url(board)}/ideas", data={
        "csrf_token": csrf_token_from(html), "title": "klub mlodych mam",
        "description": "w czwartki, z kawą", "nickname": "Ola", "checked": "1",
    })  # fmt: skip
    assert again.status_code == 303
    [mine] = [i for i in ideas_of(board) if i.id != existing.id]
    assert (mine.title, mine.description, mine.nickname) == (
        "klub mlodych mam", "w czwartki, z kawą", "Ola",
    )  # fmt: skip


def test_an_idea_like_no_other_is_sent_at_once(client, board, make_idea, post_idea):
    make_idea(board, "Klub młodych mam")
    assert post_idea({"title": "Nowe ławki przed biblioteką"}).status_code == 303
    assert len(ideas_of(board)) == 2


def test_the_check_leaves_out_other_boards_unpublished_ideas_and_other_zones(
    client, board, make_idea, make_board, other_zone, zone, post_idea
):
    make_idea(make_board(zone), "Klub młodych mam")  # another board of the zone
    make_idea(make_board(other_zone), "Klub młodych mam")
    make_idea(board, "Klub młodych mam", status="pending")
    make_idea(board, "Klub młodych mam", hidden=True)
    make_idea(board, "Klub młodych mam", status="rejected")
    assert post_idea({"title": "Klub młodych mam"}).status_code == 303


def test_the_live_lookup_gives_only_the_boards_published_ideas(
    client, board, make_idea, make_board, other_zone, zone
):
    shown = make_idea(board, "Klub młodych mam")
    chosen = make_idea(board, "Klub mam z dziećmi", status="chosen")
    make_idea(board, "Klub młodych mam", status="pending")
    make_idea(board, "Klub młodych mam", hidden=True)
    make_idea(make_board(zone), "Klub młodych mam")
    make_idea(make_board(other_zone), "Klub młodych mam")
    response = lookup(client, board, "klub mlodych mam")
    assert response.status_code == 200 and response.mimetype == "application/json"
    ideas = response.get_json()["ideas"]
    assert {i["id"] for i in ideas} <= {shown.id, chosen.id}
    assert ideas[0] == {
        "id": shown.id, "title": "Klub młodych mam",
        "url": f"/zones/kwidzyn/ideas/{shown.id}", "supports": "0 supports",
    }  # fmt: skip


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "!!!???",
        "\x01\x1bklub",
        "klub\u202emam",
        "<script>alert(1)</script>",
        "klub " * 50_000,
        "%00%ff",
        "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    ],
)
def test_the_live_lookup_takes_hostile_input_calmly(client, board, make_idea, q):
    make_idea(board, "<script>alert(1)</script> klub")
    response = lookup(client, board, q)
    assert response.status_code == 200
    assert isinstance(response.get_json()["ideas"], list)
    assert response.mimetype == "application/json"  # never read as a page


def test_the_live_lookup_refuses_a_nul_as_every_page_does(client, board):
    assert lookup(client, board, "klub\x00mam").status_code == 400


def test_the_live_lookup_answers_titles_as_data(client, board, make_idea):
    make_idea(board, "<script>alert(1)</script> klub czytelników")
    [idea] = lookup(client, board, "klub czytelnikow").get_json()["ideas"]
    assert idea["title"] == "<script>alert(1)</script> klub czytelników"


def test_the_live_lookup_of_another_zones_board_is_not_found(client, zone, other_zone,
                                                             make_board):  # fmt: skip
    elsewhere = make_board(other_zone)
    assert client.get(f"/zones/{zone.slug}/boards/{elsewhere.id}/similar?q=klub").status_code == 404


def test_the_live_lookup_is_rate_limited(app, client, board):
    app.config["SIMILAR_RATE_LIMIT"] = "2 per minute"
    statuses = [lookup(client, board, "klub").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_form_asks_for_the_live_lookup(client, board):
    html = client.get(board_url(board)).get_data(as_text=True)
    assert f'data-similar-ideas="{board_url(board)}/similar"' in html
    assert '<input type="hidden" name="checked" value="0">' in html
    assert "js/similar-ideas.js" in html


# 2. The private link kept --------------------------------------------------------------


def test_after_posting_the_link_can_be_copied_printed_and_scanned(client, board, post_idea):
    posted = client.get(post_idea({"title": "Klub planszówek"}).headers["Location"])
    html = posted.get_data(as_text=True)
    assert FOLLOW_LINK.search(html)
    assert re.search(r'<button type="button" class="secondary copy-button" data-copy="follow-link"'
                     r'[^>]* hidden>Copy the link</button>', html)  # fmt: skip
    assert "js/copy-link.js" in html
    assert '<div class="qr" role="img"' in html and "<svg" in html
    assert "data-print hidden>Print the link and its code</button>" in html
    assert "Your ideas from this device" in html  # where the device will list it


def test_a_lookup_in_flight_while_the_idea_is_sent_keeps_the_thank_you(
    app, client, board, make_idea, post_idea
):
    """The page's script may still be asking for similar ideas when the form is sent: that
    request carries the cookies from before the POST, and the browser keeps what its answer
    sets, over the session the POST has just set."""
    make_idea(board, "Klub planszówek dla rodzin")
    name = app.config["SESSION_COOKIE_NAME"]
    client.get(board_url(board))  # the form's page: its session holds the form's token
    before = client.get_cookie(name).value
    sent = post_idea({"title": "Klub planszówek", "checked": "1"})
    assert sent.status_code == 303
    late = app.test_client()
    late.set_cookie(name, before)
    assert lookup(late, board, "Klub planszówek").json["ideas"]
    if late.get_cookie(name).value != before:  # the late answer set the session cookie
        client.set_cookie(name, late.get_cookie(name).value)
    posted = client.get(sent.headers["Location"])
    assert posted.status_code == 200
    assert "<h1>Thank you for your idea</h1>" in posted.get_data(as_text=True)


def test_the_device_remembers_its_ideas_on_the_board(client, board, post_idea):
    response = post_idea({"title": "Klub planszówek"})
    cookie = response.headers.getlist("Set-Cookie")
    [mine] = [c for c in cookie if c.startswith(MY_IDEAS_COOKIE + "=")]
    assert "HttpOnly" in mine and "SameSite=Lax" in mine and "Secure" not in mine
    link = FOLLOW_LINK.search(client.get(response.headers["Location"]).get_data(as_text=True))
    board_page = client.get(board_url(board))
    html = board_page.get_data(as_text=True)
    assert "Your ideas from this device" in html
    assert f'href="{link.group(1)}" rel="noreferrer"' in html
    assert "waiting for the library to publish it" in html
    assert board_page.headers["Cache-Control"] == "no-store"
    assert '<meta name="referrer" content="no-referrer">' in html


def test_the_cookie_is_secure_in_production(app, client, board, post_idea):
    app.config["SESSION_COOKIE_SECURE"] = True
    cookie = post_idea({"title": "Klub planszówek"}).headers.getlist("Set-Cookie")
    assert any(c.startswith(MY_IDEAS_COOKIE + "=") and "Secure" in c for c in cookie)


def test_the_device_keeps_its_twenty_newest_ideas(app, client, board, post_idea):
    tokens = [pending_idea(board, f"Stary pomysł {n}")[1] for n in range(22)]
    client.set_cookie(MY_IDEAS_COOKIE, my_ideas_cookie(app, tokens))
    post_idea({"title": "Najnowszy"})
    html = client.get(board_url(board)).get_data(as_text=True)
    mine = html.split('id="mine-title"')[1].split("</section>")[0]
    assert mine.count("<li>") == 20
    assert "Najnowszy" in mine and "Stary pomysł 21" in mine
    assert "Stary pomysł 2<" not in mine and "Stary pomysł 0<" not in mine


@pytest.mark.parametrize("tamper", ["unsigned", "bad signature", "oversized", "not a list",
                                    "not tokens"])  # fmt: skip
def test_a_tampered_or_oversized_cookie_lists_nothing(app, client, board, tamper):
    _idea, token = pending_idea(board)
    good = my_ideas_cookie(app, [token])
    value = {
        "unsigned": token,
        "bad signature": tampered(good),
        "oversized": my_ideas_cookie(app, [token] + ["x" * 40] * 60),
        "not a list": my_ideas_cookie(app, {"token": token}),
        "not tokens": my_ideas_cookie(app, [token, 5]),
    }[tamper]
    client.set_cookie(MY_IDEAS_COOKIE, value)
    response = client.get(board_url(board))
    assert response.status_code == 200
    assert "Your ideas from this device" not in response.get_data(as_text=True)


def test_another_zones_ideas_and_unknown_tokens_are_not_listed(
    app, client, board, other_zone, make_board
):
    _elsewhere, foreign = pending_idea(make_board(other_zone), "Pomysł z Sopotu")
    _mine, token = pending_idea(board, "Mój pomysł")
    client.set_cookie(MY_IDEAS_COOKIE, my_ideas_cookie(app, [foreign, "made-up-token", token]))
    html = client.get(board_url(board)).get_data(as_text=True)
    assert "Mój pomysł" in html and "Pomysł z Sopotu" not in html


def test_forgetting_needs_the_forms_token_and_empties_the_list(app, client, board):
    _idea, token = pending_idea(board, "Mój pomysł")
    client.set_cookie(MY_IDEAS_COOKIE, my_ideas_cookie(app, [token]))
    forget = f"{board_url(board)}/mine/forget"
    assert client.post(forget).status_code == 400  # no CSRF token: refused
    assert "Mój pomysł" in client.get(board_url(board)).get_data(as_text=True)
    html = client.get(board_url(board)).get_data(as_text=True)
    response = client.post(forget, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 303 and response.headers["Location"] == board_url(board)
    assert any(c.startswith(MY_IDEAS_COOKIE + "=;") for c in response.headers.getlist("Set-Cookie"))
    html = client.get(board_url(board)).get_data(as_text=True)
    assert "Mój pomysł" not in html and "no longer lists your ideas" in html
    assert client.get(f"/i/{token}").status_code == 200  # the link itself still works


def test_a_kiosk_remembers_no_ones_ideas(app, client, board, post_idea):
    response = post_idea({"title": "Z tabletu"}, via="kiosk")
    assert not any(c.startswith(MY_IDEAS_COOKIE) for c in response.headers.getlist("Set-Cookie"))
    _idea, token = pending_idea(board, "Czyjś pomysł")
    client.set_cookie(MY_IDEAS_COOKIE, my_ideas_cookie(app, [token]))
    assert "Czyjś pomysł" not in client.get(board_url(board) + "?via=kiosk").get_data(as_text=True)


def test_the_follow_page_leads_back_to_its_board_and_zone(client, board):
    _idea, token = pending_idea(board)
    html = client.get(f"/i/{token}").get_data(as_text=True)
    assert 'href="/zones/kwidzyn" rel="noreferrer">Zone Kwidzyn</a>' in html
    assert f'href="{board_url(board)}" rel="noreferrer">Table 1:' in html


# 3. A café that has happened -------------------------------------------------------------


def test_a_past_cafes_page_says_what_came_out_of_it(client, zone, make_idea, app):
    cafe = plan_cafe(zone, starts_at=utcnow() - timedelta(days=3), ends_at=None)
    first, second = cafe.boards
    best = make_idea(first, "Klub planszówek")
    make_idea(second, "Ławki")
    make_idea(second, "Czekający", status="pending")
    from tests.cafes.test_supports import phone, support

    for _ in range(2):
        support(phone(app), best)
    html = client.get(f"/zones/kwidzyn/cafes/{cafe.slug}").get_data(as_text=True)
    assert "What came out of it" in html and "Residents left 2 ideas on its boards." in html
    outcome = html.split('id="outcome-title"')[1].split("</section>")[0]
    assert outcome.index("Klub planszówek") < outcome.index("Ławki")
    assert "2 supports" in outcome and "Czekający" not in outcome
    assert f"/zones/kwidzyn/ideas/{best.id}" in outcome
    assert "Come and talk" not in html


def test_an_upcoming_cafe_invites_and_gives_no_outcome(client, zone):
    cafe = plan_cafe(zone, starts_at=utcnow() + timedelta(days=3), ends_at=None)
    html = client.get(f"/zones/kwidzyn/cafes/{cafe.slug}").get_data(as_text=True)
    assert "What came out of it" not in html and "Come and talk" in html


# 4. The active order ----------------------------------------------------------------------


def test_the_active_order_is_marked_for_everyone(client, board, app):
    html = client.get(board_url(board) + "?sort=supported").get_data(as_text=True)
    assert re.search(r'href="[^"]*sort=supported"\s+aria-current="page"', html)
    assert '<nav class="filters sort-links"' in html
    css = app.static_folder + "/css/app.css"
    with open(css, encoding="utf-8") as f:
        rule = re.search(r"\.sort-links a\[aria-current\] \{([^}]*)\}", f.read())
    assert rule and "background" in rule.group(1)  # seen, not only heard


# 5. Thanks next to the idea ---------------------------------------------------------------


def test_after_support_the_thanks_is_next_to_the_idea(client, board, make_idea):
    make_idea(board, "Inny")
    idea = make_idea(board, "Klub planszówek")
    html = client.get(board_url(board)).get_data(as_text=True)
    response = client.post(f"/zones/kwidzyn/ideas/{idea.id}/support", data={
        "csrf_token": csrf_token_from(html), "next": f"{board_url(board)}#idea-{idea.id}",
    })  # fmt: skip
    assert response.headers["Location"] == f"{board_url(board)}#idea-{idea.id}"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    card = card_of(html, idea)
    assert 'tabindex="-1"' in card  # where the page opens, and focus can go
    assert "Thank you: you support this idea." in card
    assert 'class="flashes"' not in html  # nothing out of view at the top
    html = client.get(board_url(board)).get_data(as_text=True)
    assert "Thank you" not in html and "Supported: you support this idea." in card_of(html, idea)


# 6. Paper cards -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "description"),
    [
        (
            "Klub młodych mam\nw czwartki rano, z kawą",
            "Klub młodych mam",
            "w czwartki rano, z kawą",
        ),
        ("Ławki przed biblioteką", "Ławki przed biblioteką", ""),
        ("  Ławki\n\n  przy wejściu \n", "Ławki", "przy wejściu"),
    ],
)
def test_a_card_is_title_then_description_without_repeating(
    client, login_as, post_form, zone, text, title, description
):
    cafe = plan_cafe(zone)
    login_as("librarian")
    page = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    post_form(page, {"round": "1", "board": str(cafe.boards[0].id), "text": text})
    [idea] = ideas_of(cafe.boards[0])
    assert (idea.title, idea.description) == (title, description)


def test_a_card_whose_first_line_is_too_long_keeps_it_whole_in_the_description(
    client, login_as, post_form, zone
):
    cafe = plan_cafe(zone)
    login_as("librarian")
    text = "Chcielibyśmy " + "bardzo " * 20 + "klubu"
    post_form(f"/zones/kwidzyn/cafes/{cafe.slug}/cards",
              {"round": "1", "board": str(cafe.boards[0].id), "text": text})  # fmt: skip
    [idea] = ideas_of(cafe.boards[0])
    assert idea.title.endswith("…") and idea.description == text


def test_the_board_marks_ideas_from_paper_cards(client, board, make_idea):
    paper = make_idea(board, "Z kartki", channel="paper", round=1)
    online = make_idea(board, "Z telefonu")
    html = client.get(board_url(board)).get_data(as_text=True)
    assert "From a paper card" in card_of(html, paper)
    assert "From a paper card" not in card_of(html, online)
    assert "From a paper card" in client.get(f"/zones/kwidzyn/ideas/{paper.id}").get_data(
        as_text=True
    )
    assert IdeaStatus(paper.status) is IdeaStatus.PUBLISHED
