"""Receipts and photos: the type comes from the content (and Pillow checks images), the size
is bounded, the uploader's name never reaches the path, images lose their metadata, and
files are served only to the zone's team, as downloads."""

import hashlib
import io
from pathlib import Path

import pytest
from flask_babel import force_locale
from PIL import ExifTags, Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.plans import uploads
from app.plans.models import Attachment, AttachmentKind, Expense
from tests.plans.factories import PDF_BYTES, add_attachment, add_line


@pytest.fixture(autouse=True)
def messages_in_english(app):
    """The service's messages (read outside any request) as the code writes them."""
    with force_locale("en"):
        yield


def upload(zone, data: bytes, name: str, kind=AttachmentKind.RECEIPT) -> Attachment:
    return uploads.store_upload(FileStorage(io.BytesIO(data), filename=name), zone, kind, None)


def image_bytes(fmt: str = "PNG", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "AparatFoto"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 43.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (18.0, 55.0, 10.0)
    return image_bytes("JPEG", exif=exif)


def stored_path(attachment: Attachment) -> Path:
    return uploads.attachment_path(attachment)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Zwykly tekst, nie PDF.\n", "faktura.pdf"),  # a .txt renamed .pdf
        (b"<!doctype html><script>alert(1)</script>", "zdjecie.png"),  # HTML named .png
        (b"GIF89a" + b"\x00" * 40, "obraz.gif"),
    ],
)
def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused(app, zone, data, name):
    with pytest.raises(uploads.UploadError, match="Only PDF, JPEG or PNG"):
        upload(zone, data, name)


def test_a_file_pretending_to_be_an_image_is_refused(app, zone):
    with pytest.raises(uploads.UploadError, match="not a whole JPEG or PNG"):
        upload(zone, b"\x89PNG\r\n\x1a\n" + b"junk" * 100, "zdjecie.png")
    with pytest.raises(uploads.UploadError, match="not a whole JPEG or PNG"):
        upload(zone, b"\xff\xd8\xff\xe0" + b"junk" * 100, "zdjecie.jpg")


def test_an_empty_or_too_large_file_is_refused(app, zone):
    with pytest.raises(uploads.UploadError, match="empty"):
        upload(zone, b"", "pusty.pdf")
    app.config["UPLOAD_MAX_BYTES"] = 1_000
    with pytest.raises(uploads.UploadError, match="too large"):
        upload(zone, PDF_BYTES + b"0" * 1_000, "duzy.pdf")
    assert db.session.scalar(db.select(Attachment)) is None


def test_a_photo_must_be_an_image(app, zone):
    with pytest.raises(uploads.UploadError, match="JPEG or PNG image"):
        upload(zone, PDF_BYTES, "zdjecie.pdf", AttachmentKind.PHOTO)


def test_the_uploader_s_name_never_reaches_the_path(app, zone):
    attachment = upload(zone, PDF_BYTES, "../../../etc/passwd.pdf")
    path = stored_path(attachment)
    folder = Path(app.config["UPLOAD_FOLDER"]).resolve()
    assert path.resolve().parent == folder / str(zone.id)
    assert ".." not in attachment.stored_name and "passwd" not in attachment.stored_name
    assert attachment.original_name == "etc_passwd.pdf"
    assert "static" not in path.parts


def test_a_pdf_is_kept_as_sent_with_its_type_from_the_content(app, zone):
    attachment = upload(zone, PDF_BYTES, "rachunek.PNG")  # the name lies, the content decides
    assert attachment.content_type == "application/pdf"
    assert attachment.stored_name.endswith(".pdf") and attachment.original_name == "rachunek.pdf"
    assert stored_path(attachment).read_bytes() == PDF_BYTES
    assert attachment.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert attachment.size == len(PDF_BYTES)


def test_gps_and_other_exif_are_removed_from_a_jpeg(app, zone):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as sent:  # the test's own photo does carry GPS
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    attachment = upload(zone, original, "spotkanie.jpg", AttachmentKind.PHOTO)
    stored = stored_path(attachment).read_bytes()
    with Image.open(io.BytesIO(stored)) as kept:
        assert kept.format == "JPEG" and kept.size == (40, 30)
        assert not kept.getexif()
        assert not kept.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in kept.info
    assert b"Exif" not in stored and b"AparatFoto" not in stored
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()


def test_a_png_is_saved_again_without_its_text_chunks(app, zone):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jan Kowalski, ul. Lipowa 3")
    attachment = upload(zone, image_bytes("PNG", pnginfo=info), "plakat.png")
    stored = stored_path(attachment).read_bytes()
    assert b"Kowalski" not in stored
    with Image.open(io.BytesIO(stored)) as kept:
        assert kept.format == "PNG" and kept.size == (40, 30)


# Serving


def attachment_url(zone, attachment) -> str:
    return f"/zones/{zone.slug}/plan/attachments/{attachment.id}"


def test_the_zone_s_team_downloads_with_safe_headers(client, login_as, zone, plan):
    attachment = add_attachment(zone, name="faktura 12.pdf")
    for role in ("official", "librarian", "coordinator"):
        login_as(role)
        response = client.get(attachment_url(zone, attachment))
        assert response.status_code == 200
        assert response.data == PDF_BYTES
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == 'attachment; filename="faktura_12.pdf"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "private, no-store"


def test_residents_and_other_zones_get_nothing(client, login_as, zone, other_zone, plan):
    attachment = add_attachment(zone)
    theirs = add_attachment(other_zone)
    login_as("resident")
    assert client.get(attachment_url(zone, attachment)).status_code == 403
    login_as("librarian", other_zone)
    assert client.get(attachment_url(zone, attachment)).status_code == 403
    login_as("librarian")
    assert client.get(attachment_url(zone, theirs)).status_code == 404  # not by another zone's
    assert client.get(f"/zones/{zone.slug}/plan/attachments/999999").status_code == 404


# Through the pages


def expense_data(line, **fields) -> dict:
    return {
        "spent_on": "2026-05-12", "amount": "99,99", "supplier": "Sklep Foto",
        "document_number": "PAR/7", "budget_line": str(line.id), "paid_from": "own",
    } | fields  # fmt: skip


def test_an_expense_keeps_its_receipt(client, login_as, post_form, zone, plan):
    line = add_line(plan, 50_000)
    login_as("librarian")
    url = f"/zones/{zone.slug}/plan/expenses"
    receipt = (io.BytesIO(image_bytes("JPEG")), "paragon.jpg")
    response = post_form(url, expense_data(line, receipt=receipt),
                         content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    expense = db.session.scalar(db.select(Expense))
    assert expense.receipt.content_type == "image/jpeg"
    page = client.get(url).get_data(as_text=True)
    assert attachment_url(zone, expense.receipt) in page


def test_a_bad_receipt_gives_the_form_again_with_the_typed_values(
    english, login_as, post_form, zone, plan
):
    line = add_line(plan, 50_000)
    login_as("librarian")
    receipt = (io.BytesIO(b"<html>nie paragon</html>"), "paragon.png")
    response = post_form(
        f"/zones/{zone.slug}/plan/expenses", expense_data(line, receipt=receipt),
        content_type="multipart/form-data",
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Only PDF, JPEG or PNG" in page and 'value="Sklep Foto"' in page
    assert db.session.scalar(db.select(Expense)) is None


def post_multipart(client, url: str, data: dict):
    """POST a form with files, encoded in memory: the test client's own temporary file for
    large bodies would be left open."""
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_receipt_above_the_app_s_usual_request_size_still_fits(
    client, login_as, csrf_token, zone, plan
):
    line = add_line(plan, 50_000)
    login_as("librarian")
    big = PDF_BYTES + b"0" * (3 * 1024 * 1024)  # above MAX_CONTENT_LENGTH (2 MB), below 5 MB
    response = post_multipart(
        client, f"/zones/{zone.slug}/plan/expenses",
        expense_data(
            line, csrf_token=csrf_token(), receipt=FileStorage(io.BytesIO(big), "skan.pdf")
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert db.session.scalar(db.select(Attachment)).size == len(big)


def test_a_file_far_too_large_gets_the_too_large_page(
    client, english, login_as, csrf_token, zone, plan
):
    line = add_line(plan, 50_000)
    login_as("librarian")
    huge = PDF_BYTES + b"0" * (6 * 1024 * 1024)
    response = post_multipart(
        client, f"/zones/{zone.slug}/plan/expenses",
        expense_data(
            line, csrf_token=csrf_token(), receipt=FileStorage(io.BytesIO(huge), "skan.pdf")
        ),
    )  # fmt: skip
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Expense)) is None


def test_a_milestone_gets_its_photo(client, login_as, post_form, zone, plan):
    action = plan.actions[0]
    milestone = action.milestones[0]
    url = f"/zones/{zone.slug}/plan/actions/{action.number}/milestones/{milestone.id}/photo"
    login_as("official")
    assert client.get(url).status_code == 403
    login_as("librarian")
    response = post_form(url, {"photo": (io.BytesIO(jpeg_with_gps()), "meeting.jpg")},
                         content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    photo = db.session.get(type(milestone), milestone.id).photo
    assert photo.kind == "photo" and photo.content_type == "image/jpeg"
    assert post_form(url, {}).status_code == 422  # no file chosen
