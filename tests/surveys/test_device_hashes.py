"""One device, four kinds of record: a survey response, an idea, a support and a report each
keep their own keyed hash of the device, so that whoever holds the database cannot join an
"anonymous" survey response to the idea its author posted under a nickname."""

import hashlib

from sqlalchemy import select

from app.cafes.models import Board, Cafe, Idea, Report, Support
from app.core.time import utcnow
from app.extensions import db
from app.surveys.models import Response


def test_one_device_leaves_hashes_that_cannot_be_joined(client, csrf_token, survey, zone):
    cafe = Cafe(zone_id=zone.id, slug="k", short_code="kh1", title="K", starts_at=utcnow())
    cafe.boards.append(Board(position=1, question="Co zmienić?"))
    db.session.add(cafe)
    db.session.flush()
    board = cafe.boards[0]
    shown = Idea(zone_id=zone.id, board_id=board.id, title="Kino", status="published",
                 published_at=utcnow())  # fmt: skip
    db.session.add(shown)
    db.session.commit()

    client.set_cookie("strefy_lang", "en")
    intro = f"/zones/{zone.slug}/surveys/{survey.slug}"
    token = csrf_token(intro)
    first = client.post(f"{intro}/start", data={"csrf_token": token}).headers["Location"]
    board_url = f"/zones/{zone.slug}/boards/{board.id}"
    token = csrf_token(board_url)
    client.post(f"{board_url}/ideas", data={"csrf_token": token, "title": "Klub szachowy"})
    client.post(f"/zones/{zone.slug}/ideas/{shown.id}/support", data={"csrf_token": token})
    client.post(
        f"/zones/{zone.slug}/ideas/{shown.id}/report",
        data={"csrf_token": token, "reason": "off_topic"},
    )
    cookie = client.get_cookie("strefy_device").value

    hashes = {
        "survey": db.session.scalar(select(Response.device_hash)),
        "idea": db.session.scalar(select(Idea.device_hash).where(Idea.title == "Klub szachowy")),
        "support": db.session.scalar(select(Support.device_hash)),
        "report": db.session.scalar(select(Report.device_hash)),
    }
    assert all(hashes.values()), hashes
    assert len(set(hashes.values())) == 4  # no two tables share a value to join on
    assert hashlib.sha256(cookie.encode()).hexdigest() not in hashes.values()
    assert all(cookie not in value for value in hashes.values())

    # The device is still known for what each hash is for: its survey resumes, its support
    # shows, a second support or report changes nothing.
    again = client.post(f"{intro}/start", data={"csrf_token": token}).headers["Location"]
    assert again == first
    html = client.get(board_url).get_data(as_text=True)
    # The first view after supporting thanks the device next to the idea; both say so.
    assert "you support this idea." in html
    client.post(f"/zones/{zone.slug}/ideas/{shown.id}/support", data={"csrf_token": token})
    assert len(db.session.scalars(select(Support)).all()) == 1


def test_starting_again_resumes_on_the_same_device(client, csrf_token, survey, resident_started):
    url = resident_started
    token = csrf_token(url)
    assert client.get(url).status_code == 200
    intro = f"/zones/{survey.zone.slug}/surveys/{survey.slug}"
    # Starting again on the same device resumes the same response, not a new one.
    assert (
        client.post(f"{intro}/start", data={"csrf_token": token})
        .headers["Location"]
        .startswith(url.rsplit("/", 1)[0])
    )
    assert len(db.session.scalars(select(Response)).all()) == 1
