"""Each zone's privacy notice: the library is the controller of its residents' data."""

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db


def test_default_notice_names_the_library_and_the_retention_periods(client, zone):
    html = client.get("/zones/kwidzyn/privacy").get_data(as_text=True)
    assert "Biblioteka Miejsko-Powiatowa w Kwidzynie" in html
    assert "po 30 dniach" in html and "po 90 dniach" in html  # the purge's defaults
    assert "PUODO" in html and "sprzeciwu" in html
    assert "<h2>" in html and "{" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_default_notice_follows_the_readers_language_and_the_settings(app, client, zone):
    app.config["PURGE_UNFINISHED_DAYS"] = 14
    client.set_cookie("strefy_lang", "en")
    html = client.get("/zones/kwidzyn/privacy").get_data(as_text=True)
    assert "unfinished survey answers are deleted after 14 days" in html
    assert "right to lodge a complaint" in html


def test_librarian_writes_the_notice_and_residents_read_it(client, post_form, login_as, zone):
    login_as("librarian")
    form = client.get("/zones/kwidzyn/privacy/edit").get_data(as_text=True)
    assert "Kto jest administratorem danych" in form  # starts from the default text
    response = post_form(
        "/zones/kwidzyn/privacy/edit",
        {
            "privacy_address": "ul. Braterstwa Narodów 55, 82-500 Kwidzyn",
            "privacy_dpo": "iod@biblioteka.kwidzyn.pl",
            "privacy_notice": "## Nasze zasady\nDane <b>chronimy</b>.\n\n- pierwsza\n- druga",
        },
    )
    assert response.status_code == 302
    client.get("/logout")
    html = client.get("/zones/kwidzyn/privacy").get_data(as_text=True)
    assert "iod@biblioteka.kwidzyn.pl" in html
    assert "<h2>Nasze zasady</h2>" in html
    assert "Dane &lt;b&gt;chronimy&lt;/b&gt;." in html  # the text is escaped
    assert "<li>pierwsza</li><li>druga</li>" in html
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "zone.privacy"))
    assert entry.zone_id == zone.id and entry.actor_id is not None
    assert entry.after["privacy_dpo"] == "iod@biblioteka.kwidzyn.pl"


def test_the_default_saved_unchanged_stays_the_default(client, post_form, login_as, zone):
    login_as("librarian")
    page = client.get("/zones/kwidzyn/privacy/edit").get_data(as_text=True)
    text = page.split('name="privacy_notice"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    text = text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    post_form("/zones/kwidzyn/privacy/edit", {"privacy_dpo": "iod@x.pl", "privacy_notice": text})
    db.session.refresh(zone)
    assert zone.privacy_notice == ""
    client.set_cookie("strefy_lang", "en")  # so it is read in English too
    assert "Who is the controller" in client.get("/zones/kwidzyn/privacy").get_data(as_text=True)


def test_other_zones_librarian_and_official_cannot_edit(
    client, post_form, login_as, zone, other_zone
):
    login_as("librarian", other_zone)
    assert post_form("/zones/kwidzyn/privacy/edit", {"privacy_dpo": "x"}).status_code == 403
    login_as("official")
    assert client.get("/zones/kwidzyn/privacy/edit").status_code == 403
    db.session.refresh(zone)
    assert zone.privacy_dpo == ""


def test_resident_forms_and_the_footer_link_the_notice(client, zone, survey, resident_started):
    survey_page = client.get(f"/zones/kwidzyn/surveys/{survey.slug}").get_data(as_text=True)
    answering = client.get(resident_started).get_data(as_text=True)
    for html in (survey_page, answering):
        assert html.count('href="/zones/kwidzyn/privacy"') == 2  # the form's and the footer's
    network = client.get("/").get_data(as_text=True)
    assert 'href="/privacy"' in network
    assert 'href="/zones/kwidzyn/privacy"' in client.get("/privacy").get_data(as_text=True)
