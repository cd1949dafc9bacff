from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates")
