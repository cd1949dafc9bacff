"""The catalogue's pages: each part attaches its routes to the blueprint `bp`."""

from app.catalogue import bp, cli, search_views

__all__ = ["bp", "cli", "search_views"]
