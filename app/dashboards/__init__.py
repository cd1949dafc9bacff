"""Diagnosis dashboards: survey results counted by the database, with small-cell suppression."""

from flask import Blueprint

bp = Blueprint("dashboards", __name__, template_folder="templates")
