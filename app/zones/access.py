"""Who may do what in a zone: one predicate per rule, and the one decorator of zone routes.

The status codes, the same on every page and in the API:
- an anonymous visitor on a staff page is sent to the sign-in page (the API answers 401);
- a signed-in person without the right gets 403;
- an object whose existence is private (a draft survey, another zone's idea, a zone that
  does not exist) is 404 for everyone who may not see it.
"""

from collections.abc import Callable
from functools import wraps

from flask import g
from flask_login import current_user

from app.auth.models import Role, User
from app.core.security import refuse
from app.zones.models import Zone


def can_manage_zone(user: User, zone: Zone) -> bool:
    """Librarians of the zone and the coordinator run a zone."""
    return user.is_authenticated and (user.is_coordinator or user.role_in(zone) is Role.LIBRARIAN)


def can_see_zone_team(user: User, zone: Zone) -> bool:
    """The zone's own people (librarians and officials) and the coordinator see its team."""
    return user.is_authenticated and (user.is_coordinator or user.role_in(zone) is not None)


def is_coordinator(user: User, zone: Zone | None = None) -> bool:
    """The network's coordinator (in every zone)."""
    return user.is_authenticated and user.is_coordinator


def zone_route(allowed: Callable[[User, Zone], bool] | None = None) -> Callable:
    """The decorator of every route under /zones/<zone_slug>/: loads the zone once (404 when
    there is none), keeps it as `g.zone` for the templates, checks `allowed(user, zone)` when
    given (else `app.core.security.refuse`: sign-in, 401 or 403), and calls the view with
    `zone` in place of `zone_slug`. Pages for staff are never stored by browsers or proxies."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(zone_slug: str, **kwargs):
            from app.zones.services import get_zone

            zone = get_zone(zone_slug)
            g.zone = zone
            if allowed is not None:
                g.private_route = True
                if not allowed(current_user, zone):
                    refuse()
            return view(zone=zone, **kwargs)

        return wrapped

    return decorator
