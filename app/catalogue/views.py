"""The catalogue's pages: each part attaches its routes to the blueprint `bp`."""

from app.catalogue import bp

__all__ = ["bp"]
