"""Creative Cafés: the pages of each part attach their routes to the blueprint `bp`."""

from app.cafes import bp, models  # noqa: F401  (models: the tables, for migrations)
