"""Receipts and photos: a zone's uploaded files.

What a file is comes from its content, never from its name or the browser's word: PDF by
its signature, JPEG and PNG by theirs and by Pillow opening and checking the image. Images
are saved again without their metadata (EXIF: GPS position, camera, time). Every file is
kept under the instance folder (never the static one), in the zone's folder, by a name the
app chose; the uploader's file name, cleaned, serves only as the download's name.
"""

import hashlib
import io
import re
import warnings
from pathlib import Path
from uuid import uuid4

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from app.auth.models import User
from app.core.downloads import download
from app.extensions import db
from app.plans.models import Attachment, AttachmentKind
from app.zones.models import Zone

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
IMAGE_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|jpg|png)$")
ORIGINAL_NAME_MAX = 120
# Room above the largest file for the rest of a form (its fields and the multipart framing).
FORM_ROOM = 512 * 1024


class UploadError(ValueError):
    """A file the app does not keep; its message says why, for the form."""


def max_bytes() -> int:
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def request_limit() -> int:
    """The largest request an upload form may send."""
    return max_bytes() + FORM_ROOM


def upload_folder() -> Path:
    configured = current_app.config.get("UPLOAD_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def _too_large() -> UploadError:
    megabytes = max_bytes() / (1024 * 1024)
    return UploadError(_l("The file is too large: at most %(size)s MB.", size=f"{megabytes:g}"))


def sniff(data: bytes) -> str | None:
    """The content type the file's first bytes name (PDF, JPEG or PNG), or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def clean_image(data: bytes, content_type: str) -> bytes:
    """The image saved again by Pillow, without any metadata, upright (EXIF's orientation
    applied before it is dropped). Raises UploadError when it is not a whole image."""
    expected = IMAGE_FORMATS[content_type]
    refused = UploadError(
        _l("The file is not a whole JPEG or PNG image. Save it again and send it once more.")
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != expected:
                    raise refused
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise UploadError(_l("The image has too many pixels. Send a smaller one.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refused from None
    if upright.mode == "P" or (expected == "JPEG" and upright.mode not in ("L", "RGB", "CMYK")):
        upright = upright.convert("RGBA" if expected == "PNG" else "RGB")
    # A new image from the pixels alone: nothing of the original's info (EXIF, XMP, text
    # chunks, ICC, comments) can travel along.
    bare = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    if expected == "JPEG":
        bare.save(out, "JPEG", quality=90, optimize=True)
    else:
        bare.save(out, "PNG", optimize=True)
    return out.getvalue()


def _original_name(file_storage: FileStorage, extension: str) -> str:
    """The uploader's name for the file, cleaned (no path, no odd characters), with the
    extension the app chose."""
    cleaned = secure_filename(file_storage.filename or "")
    stem = cleaned.rsplit(".", 1)[0] if "." in cleaned else cleaned
    stem = stem[: ORIGINAL_NAME_MAX - len(extension)]
    return f"{stem}{extension}" if stem else ""


def store_upload(
    file_storage: FileStorage | None, zone: Zone, kind: AttachmentKind, user: User | None
) -> Attachment:
    """Keep an uploaded receipt or photo of the zone (flushes). Raises UploadError (with a
    message for the form) for no file, an empty or too large one, or one that is not a PDF,
    JPEG or PNG."""
    if file_storage is None or not (file_storage.filename or "").strip():
        raise UploadError(_l("Choose a file to send."))
    limit = max_bytes()
    data = file_storage.stream.read(limit + 1)
    if not data:
        raise UploadError(_l("The file is empty."))
    if len(data) > limit:
        raise _too_large()
    content_type = sniff(data)
    if content_type is None:
        raise UploadError(_l("Only PDF, JPEG or PNG files can be sent. This file is none of them."))
    if kind == AttachmentKind.PHOTO and content_type not in IMAGE_FORMATS:
        raise UploadError(_l("A photo must be a JPEG or PNG image."))
    if content_type in IMAGE_FORMATS:
        data = clean_image(data, content_type)
        if len(data) > limit:
            raise _too_large()
    extension = EXTENSIONS[content_type]
    stored_name = f"{uuid4().hex}{extension}"
    folder = upload_folder() / str(zone.id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(data)
    attachment = Attachment(
        zone_id=zone.id, kind=AttachmentKind(kind).value, stored_name=stored_name,
        content_type=content_type, size=len(data),
        original_name=_original_name(file_storage, extension),
        sha256=hashlib.sha256(data).hexdigest(),
        created_by_id=user.id if user is not None else None,
    )  # fmt: skip
    db.session.add(attachment)
    db.session.flush()
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    """Where the attachment's file is: only names the app gave are ever read."""
    if not STORED_NAME.match(attachment.stored_name):
        raise FileNotFoundError(attachment.stored_name)
    return upload_folder() / str(attachment.zone_id) / attachment.stored_name


def send_attachment(attachment: Attachment):
    """The attachment as a download (never shown inline), its type as stored."""
    body = attachment_path(attachment).read_bytes()
    extension = EXTENSIONS.get(attachment.content_type, ".bin")
    name = attachment.original_name or f"{attachment.kind}-{attachment.id}{extension}"
    return download(body, name, mimetype=attachment.content_type)
