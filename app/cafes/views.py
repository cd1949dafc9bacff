"""Creative Cafés: the pages of each part attach their routes to the blueprint `bp`.

- manage_views: planning cafés, their posters, paper cards and exports (librarians);
- board_views: boards, posting, supporting, reporting and following ideas (residents);
- moderation_views: the moderation queue, lifecycle, edits, merges (librarians).
"""

from app.cafes import board_views, bp, manage_views, models, moderation_views
from app.cafes.models import IdeaChannel, IdeaStatus

__all__ = ["board_views", "bp", "manage_views", "models", "moderation_views"]


# The templates name statuses and channels by their enums, never by bare strings.
bp.add_app_template_global(IdeaStatus, "IdeaStatus")
bp.add_app_template_global(IdeaChannel, "IdeaChannel")
