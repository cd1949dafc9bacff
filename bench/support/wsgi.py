"""The two WSGI apps the submission benchmark serves with gunicorn, picked by BENCH_TARGET.

- `app`: Strefy itself, as in production (`create_app("production")`), with rate limiting
  and the per-address daily cap off so that the benchmark measures the submission path,
  not the 429 page.
- `bare`: the baseline, a minimal Flask app on the same database URL and the same engine
  set-up (app.database.init_database: on SQLite WAL, busy timeout and BEGIN IMMEDIATE for
  POST requests; on PostgreSQL the same pool options), with one POST endpoint at the same
  path that parses the same JSON body and stores one row with SQLAlchemy.

Loaded by gunicorn as `bench.support.wsgi:build()`; DATABASE_URL, SECRET_KEY and the other
production variables come from the environment the benchmark gives gunicorn.
"""

import os
from datetime import datetime

from flask import Flask, jsonify, request
from sqlalchemy import JSON, MetaData, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.core.time import utcnow
from app.database import init_database
from app.extensions import db
from config import Config, database_url

MAX_KEY_LENGTH = 100
SUBMIT_PATH = "/api/v1/zones/<zone_slug>/surveys/<slug>/responses"


class BenchBase(DeclarativeBase):
    # Its own metadata: the bench table is never part of the app's schema or migrations.
    metadata = MetaData()


class BenchRow(BenchBase):
    """One submission stored by the bare endpoint."""

    __tablename__ = "bench_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(10))
    answers: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def create_bare_app(database: str) -> Flask:
    """The baseline: Flask + Flask-SQLAlchemy, one insert and one commit per request."""
    bare = Flask(__name__)
    bare.config.update(
        SQLALCHEMY_DATABASE_URI=database,
        SQLALCHEMY_ENGINE_OPTIONS=dict(Config.SQLALCHEMY_ENGINE_OPTIONS),
        SQLITE_IMMEDIATE_OUTSIDE_REQUESTS=Config.SQLITE_IMMEDIATE_OUTSIDE_REQUESTS,
        MAX_CONTENT_LENGTH=Config.MAX_CONTENT_LENGTH,
    )
    init_database(bare)

    @bare.get("/healthz")
    def healthz():
        db.session.execute(text("SELECT 1"))
        return jsonify(status="ok")

    @bare.post(SUBMIT_PATH)
    def submit(zone_slug: str, slug: str):
        key = request.headers.get("Idempotency-Key", "").strip()
        body = request.get_json(silent=True)
        if not key or len(key) > MAX_KEY_LENGTH:
            return jsonify(error="Idempotency-Key"), 400
        if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
            return jsonify(error="answers"), 400
        row = BenchRow(
            idempotency_key=key, channel=body.get("channel", "kiosk"), answers=body["answers"]
        )
        db.session.add(row)
        db.session.commit()
        return jsonify(id=row.id, survey=slug), 201

    return bare


def build() -> Flask:
    """The app named by BENCH_TARGET; gunicorn calls `bench.support.wsgi:build()`."""
    target = os.environ.get("BENCH_TARGET", "app")
    if target == "bare":
        return create_bare_app(database_url(os.environ["DATABASE_URL"]))
    if target == "app":
        from app import create_app

        # Every client is 127.0.0.1: the per-address daily cap would refuse all but 200.
        return create_app(
            "production", RATELIMIT_ENABLED=False, SURVEY_RESPONSES_PER_ADDRESS_PER_DAY=10**9
        )
    raise RuntimeError(f"BENCH_TARGET must be 'app' or 'bare', not {target!r}")
