"""The catalogue's pages: each part attaches its routes to the blueprint `bp`."""

from app.catalogue import adoption_views, bp, cli, search_views

__all__ = ["adoption_views", "bp", "cli", "search_views"]
