from flask import Blueprint

bp = Blueprint("zones", __name__, template_folder="templates")
