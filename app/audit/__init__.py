"""The audit log: who did what to which record, when, why, with the record before and after."""

from flask import Blueprint

bp = Blueprint("audit", __name__, template_folder="templates")
