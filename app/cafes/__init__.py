"""Creative Cafés (Kreatywne Kawiarenki): residents' ideas on a zone's boards."""

from flask import Blueprint

bp = Blueprint("cafes", __name__, template_folder="templates")
