"""Creative Cafés: the pages of each part attach their routes to the blueprint `bp`.

- manage_views: planning cafés, their posters, paper cards and exports (librarians);
- board_views: boards, posting, supporting, reporting and following ideas (residents);
- moderation_views: the moderation queue, lifecycle, edits, merges (librarians).
"""

from app.cafes import board_views, bp, manage_views, models, moderation_views
from app.cafes.history import channel_label

__all__ = ["board_views", "bp", "manage_views", "models", "moderation_views"]


@bp.app_template_global()
def idea_channel_label(channel: str) -> str:
    """How an idea reached its board, in words."""
    return channel_label(channel)
