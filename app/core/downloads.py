"""Spreadsheet downloads (CSV and XLSX): every cell, headers included, through one writer.

Labels in a download come from people (option labels, question texts, idea titles,
nicknames, group names): a spreadsheet would run one that starts like a formula
(`=HYPERLINK(...)`, CSV injection). Every CSV and XLSX file of the app is written here, so
no cell can skip the neutralising.

A CSV comes in two dialects. The Polish spreadsheet dialect (`;` between cells, a decimal
comma, moments in the zone's local time) is what Excel set to Polish reads as columns and
numbers; the standard one (`,`, a decimal point, moments in UTC) is for other programs.
A Polish reader gets the Polish one unless `?dialect=standard` asks otherwise.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, current_app, request
from flask_babel import get_locale
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from app.core.security import PRIVATE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIMETYPES = {"csv": "text/csv", "xlsx": XLSX, "json": "application/json"}
BOM = "\ufeff"  # so that Excel reads the CSV's Polish letters as UTF-8
# What a spreadsheet reads as the start of a formula (OWASP's list), and the full-width
# forms some spreadsheets in East Asian locales read the same way.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text that starts like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Dialect:
    """How a CSV writes its cells: the separator, the decimal mark, the time zone of moments
    (None: UTC)."""

    name: str
    delimiter: str
    decimal: str
    timezone: ZoneInfo | None = None

    @property
    def local_time(self) -> bool:
        return self.timezone is not None

    def moment(self, value: datetime) -> str:
        """A stored moment (naive UTC) as the dialect writes it, to the second."""
        if self.timezone is not None:
            value = value.replace(tzinfo=UTC).astimezone(self.timezone)
        return value.strftime("%Y-%m-%d %H:%M:%S")

    def cell(self, value: Any) -> Any:
        """A cell's value in this dialect: moments in its time zone, numbers with its
        decimal mark; anything else as it is."""
        if isinstance(value, datetime):
            return self.moment(value)
        if isinstance(value, float | Decimal) and self.decimal != ".":
            return str(value).replace(".", self.decimal)
        return value


STANDARD = "standard"
POLISH = "pl"
DIALECT_NAMES = (POLISH, STANDARD)


def dialect(name: str | None = None) -> Dialect:
    """The dialect called `name`, else the one asked for with `?dialect=`, else the Polish
    one for a reader of the Polish pages and the standard one for the others."""
    if name not in DIALECT_NAMES:
        name = request.args.get("dialect")
    if name not in DIALECT_NAMES:
        name = POLISH if str(get_locale()) == "pl" else STANDARD
    if name == POLISH:
        return Dialect(POLISH, ";", ",", ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    return Dialect(STANDARD, ",", ".")


def csv_chunks(rows: Iterable[Iterable[Any]], dialect: Dialect) -> Iterator[str]:
    """CSV in UTF-8 with a BOM, in `dialect`, row by row (for a streamed response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter)
    yield BOM
    for row in rows:
        # Made safe before the decimal comma: "-2,5" would otherwise read as a formula.
        writer.writerow([dialect.cell(safe_cell(value)) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_text(rows: Iterable[Iterable[Any]], dialect: Dialect) -> str:
    """CSV in UTF-8 with a BOM, in `dialect`, whole."""
    return "".join(csv_chunks(rows, dialect))


def xlsx_bytes(
    sheet_title: str, rows: Iterable[Iterable[Any]], dialect: Dialect | None = None
) -> bytes:
    """An XLSX workbook with one sheet of `rows` (moments in `dialect`'s time zone)."""
    return xlsx_sheets([(sheet_title, rows)], dialect)


def _xlsx_cell(sheet, value: Any, dialect: Dialect | None) -> Any:
    """A cell for a write-only sheet: text made safe; an exact amount (Decimal) shown with
    two decimals, as money is; a moment as a date and time in the dialect's time zone."""
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "0.00"
        return cell
    if isinstance(value, datetime):
        if dialect is not None and dialect.timezone is not None:
            value = value.replace(tzinfo=UTC).astimezone(dialect.timezone).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value.replace(microsecond=0))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    return safe_cell(value)


def xlsx_sheets(
    sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], dialect: Dialect | None = None
) -> bytes:
    """An XLSX workbook with a sheet of rows per (title, rows); every cell through
    `safe_cell`, Decimal amounts with two decimals, moments in `dialect`'s time zone (UTC
    without one). A workbook has no separator or decimal mark to choose."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet's name
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value, dialect) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(body, filename: str, mimetype: str | None = None) -> Response:
    """The one download response: `body` (text, bytes or a stream of chunks) saved as
    `filename`, its type `mimetype` or else from the file's ending, never stored by a
    browser or a proxy (downloads hold a zone's data), never sniffed into another type."""
    extension = filename.rsplit(".", 1)[-1]
    return Response(
        body,
        mimetype=mimetype or MIMETYPES[extension],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": PRIVATE,
            "X-Content-Type-Options": "nosniff",
        },
    )
