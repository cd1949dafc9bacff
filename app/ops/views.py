"""The operator's routes (health checks)."""

from flask import Blueprint

bp = Blueprint("ops", __name__)
