"""A café's ideas for the zone's records: every idea, whatever its status, as CSV or XLSX."""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.cafes import queries
from app.cafes.models import Board, Cafe, Idea
from app.core import downloads
from app.extensions import db


def idea_rows(cafe: Cafe, local_time: bool = True) -> list[list[Any]]:
    """The header, then one row per idea of the café, table by table, oldest first; the
    moment an idea was written is left to the download's dialect (local time or UTC, as the
    header says)."""
    ideas = list(
        db.session.scalars(
            select(Idea)
            .join(Idea.board)
            .where(Board.cafe_id == cafe.id)
            .options(selectinload(Idea.themes), selectinload(Idea.board))
            .order_by(Board.position, Idea.id)
        )
    )
    # Per idea, but one query each for all the ideas: supports and merged ideas (themes and
    # tables come with the ideas, above).
    ids = [idea.id for idea in ideas]
    supports = queries.support_counts(ids)
    merged = queries.source_counts(ids)
    rows: list[list[Any]] = [
        [
            _("Idea"), _("Table"), _("Table question"), _("Title"), _("Description"),
            _("Status"), _("Reason"), _("Channel"), _("Round"), _("Nickname"), _("Supports"),
            _("Merged into"), _("Merged ideas"), _("Themes"),
            _("Created at (local time)") if local_time else _("Created at (UTC)"),
        ]
    ]  # fmt: skip
    for idea in ideas:
        rows.append(
            [
                idea.id, idea.board.position, idea.board.question, idea.title,
                idea.description, idea.status, idea.reason or "", idea.channel,
                idea.round, idea.nickname or "", supports.get(idea.id, 0),
                idea.merged_into_id, merged.get(idea.id, 0),
                ", ".join(theme.name for theme in idea.themes),
                idea.created_at,
            ]
        )  # fmt: skip
    return rows


def csv_text(cafe: Cafe, dialect: downloads.Dialect) -> str:
    """CSV in UTF-8 with a BOM (so that Excel reads Polish letters) in `dialect`, formulas
    neutralised."""
    return downloads.csv_text(idea_rows(cafe, dialect.local_time), dialect)


def xlsx_bytes(cafe: Cafe, dialect: downloads.Dialect) -> bytes:
    """An XLSX workbook with one sheet of the café's ideas (moments in `dialect`'s time)."""
    return downloads.xlsx_bytes(_("Ideas"), idea_rows(cafe, dialect.local_time), dialect)
