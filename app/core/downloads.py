"""Spreadsheet downloads (CSV and XLSX): every cell, headers included, through one writer.

Labels in a download come from people (option labels, question texts, idea titles,
nicknames, group names): a spreadsheet would run one that starts like a formula
(`=HYPERLINK(...)`, CSV injection). Every CSV and XLSX file of the app is written here, so
no cell can skip the neutralising.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from flask import Response
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


def _safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def csv_chunks(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV in UTF-8 with a BOM, row by row (for a streamed response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield BOM
    for row in rows:
        writer.writerow(_safe_row(row))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """CSV in UTF-8 with a BOM, whole."""
    return "".join(csv_chunks(rows))


def xlsx_bytes(sheet_title: str, rows: Iterable[Iterable[Any]]) -> bytes:
    """An XLSX workbook with one sheet of `rows`."""
    return xlsx_sheets([(sheet_title, rows)])


def _xlsx_cell(sheet, value: Any) -> Any:
    """A cell for a write-only sheet: text made safe; an exact amount (Decimal) shown with
    two decimals, as money is."""
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "0.00"
        return cell
    return safe_cell(value)


def xlsx_sheets(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> bytes:
    """An XLSX workbook with a sheet of rows per (title, rows); every cell through
    `safe_cell`, Decimal amounts with two decimals."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet's name
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
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
