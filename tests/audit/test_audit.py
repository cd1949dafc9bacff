"""The audit log: entries are kept in order and the coordinator reads them."""

from app.audit.services import entries, history, record
from app.extensions import db


def test_a_records_history_in_order_and_the_coordinator_reads_it(
    client, login_as, zone, other_zone
):
    coordinator = login_as("coordinator")
    client.set_cookie("strefy_lang", "en")
    record("publish", "idea", 7, actor_id=coordinator.id, zone_id=zone.id,
           before={"status": "pending"}, after={"status": "published"})  # fmt: skip
    record("reject", "idea", 7, actor_id=coordinator.id, zone_id=zone.id,
           before={"status": "published"}, after={"status": "rejected"},
           reason="<b>Dane osobowe</b>")  # fmt: skip
    record("publish", "idea", 8, actor_id=None, zone_id=other_zone.id)
    db.session.commit()
    assert [e.action for e in history("idea", 7)] == ["publish", "reject"]
    assert [e.subject_id for e in db.session.scalars(entries(zone_id=other_zone.id))] == [8]

    html = client.get("/admin/audit").get_data(as_text=True)
    assert "&lt;b&gt;Dane osobowe&lt;/b&gt;" in html  # the reason, escaped
    assert html.index("Dane osobowe") < html.index("waiting for moderation")  # newest first
    one_zone = client.get(f"/admin/audit?zone={other_zone.slug}").get_data(as_text=True)
    assert "Idea #8" in one_zone
    assert "Idea #7" not in one_zone
    assert client.get("/admin/audit?zone=nowhere").status_code == 404
    assert client.get("/admin/audit?page=x").status_code == 400


def test_the_log_is_paged_and_the_pages_keep_the_zone_filter(client, login_as, zone, other_zone):
    coordinator = login_as("coordinator")
    client.set_cookie("strefy_lang", "en")
    for idea_id in range(1, 102):  # 101 entries: one page of 100, and one more
        record("publish", "idea", idea_id, actor_id=coordinator.id, zone_id=zone.id)
    record("publish", "idea", 999, actor_id=coordinator.id, zone_id=other_zone.id)
    db.session.commit()

    first = client.get(f"/admin/audit?zone={zone.slug}").get_data(as_text=True)
    assert "Idea #101" in first  # newest first
    assert "Idea #1:" not in first
    assert "Page 1 of 2" in first
    assert f'href="/admin/audit?zone={zone.slug}&amp;page=2"' in first
    second = client.get(f"/admin/audit?zone={zone.slug}&page=2").get_data(as_text=True)
    assert "Idea #1:" in second
    assert "Idea #2:" not in second
    assert "Idea #999" not in second
    assert f'href="/admin/audit?zone={zone.slug}"' in second  # back to page 1, filter kept
