"""The zone's development plan: goals and actions from residents' ideas, the grant and its
money, progress reports, and the thread from findings to what was done."""

from flask import Blueprint

bp = Blueprint("plans", __name__, template_folder="templates")
