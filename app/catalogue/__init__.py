"""The network's catalogue: what the zones chose and carried out, searchable by everyone, and
adopted by other zones with a link back to where it came from."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__, template_folder="templates")
