"""Accounts: signing in, creating people, and giving them roles in zones."""

import secrets
from enum import Enum
from functools import cache

from blinker import Namespace
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import Role, User, ZoneRole
from app.core.collation import polish
from app.core.security import keyed_hash
from app.core.time import utcnow
from app.extensions import db
from app.zones.models import Zone

# Sent (with the account, and action=, zone_id=, before=, after=) whenever an account or a
# role in a zone changes, so that the audit log, which sits above accounts, records it.
account_changed = Namespace().signal("account-changed")


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check when the e-mail is unknown, so that it takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active account matching these credentials, or None."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


# The password hash of an account whose first password is still to be set (an invitation):
# not a Werkzeug hash, so no password ever matches it.
NO_PASSWORD = "!invited"  # noqa: S105


def create_user(
    email: str, name: str, password: str | None, *, is_coordinator: bool = False
) -> User:
    """Add an account with a hashed password (flushes, does not commit). Without a password
    (an invitation) nobody can sign in to it until its first password is set by link."""
    user = User(email=normalise_email(email), name=name.strip(), is_coordinator=is_coordinator)
    if password is None:
        user.password_hash = NO_PASSWORD
    else:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    after = {"name": user.name, "email": user.email, "is_coordinator": is_coordinator}
    if password is None:
        after["invited"] = True
    account_changed.send(user, action="account.create", after=after)
    return user


def has_password(user: User) -> bool:
    """Whether the account's first password has been set (invited people's has not)."""
    return user.password_hash != NO_PASSWORD


# Links sent by e-mail --------------------------------------------------------------------
# A signed, timed token naming the account and a fingerprint of its password hash: setting
# a password changes the fingerprint, so a link works once, with no table of tokens.

RESET_LINK = "password-reset"
INVITATION_LINK = "invitation"


class LinkProblem(Enum):
    INVALID = "invalid"  # tampered with, or not a link of ours
    EXPIRED = "expired"
    USED = "used"  # the password was set since (by this link or otherwise)


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def _fingerprint(user: User) -> str:
    return keyed_hash("password-fingerprint", user.password_hash)[:16]


def make_link_token(user: User, purpose: str) -> str:
    """The token of a password-reset (RESET_LINK) or invitation (INVITATION_LINK) link."""
    return _serializer(purpose).dumps({"user": user.id, "password": _fingerprint(user)})


def check_link_token(token: str, purpose: str, max_age: int) -> User | LinkProblem:
    """The active account a link's token still stands for, or what is wrong with it."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        return LinkProblem.EXPIRED
    except BadSignature:
        return LinkProblem.INVALID
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        return LinkProblem.INVALID
    user = db.session.get(User, payload["user"])
    if user is None or not user.active:
        return LinkProblem.INVALID
    if payload.get("password") != _fingerprint(user):
        return LinkProblem.USED
    return user


def user_for_session(session_id: str) -> User | None:
    """The active account a session's user id ("<id>-<session version>") still stands for."""
    user_id, _, version = session_id.partition("-")
    if not (user_id.isdecimal() and version.isdecimal()) or len(user_id) > 10:
        return None  # cookies from before session versions, or forged ones
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def end_sessions(user: User) -> None:
    """Sign `user` out everywhere: every session cookie issued so far stops working."""
    user.session_version += 1
    db.session.flush()


def update_user(user: User, *, name: str, active: bool, is_coordinator: bool) -> User:
    """Change a person's name, whether they may sign in, and coordinator rights."""
    fields = {"name": name.strip(), "active": active, "is_coordinator": is_coordinator}
    before = {k: getattr(user, k) for k, v in fields.items() if getattr(user, k) != v}
    if user.active and not active:
        end_sessions(user)
    for key, value in fields.items():
        setattr(user, key, value)
    db.session.flush()
    if before:
        after = {key: fields[key] for key in before}
        account_changed.send(user, action="account.update", before=before, after=after)
    return user


def change_password(user: User, password: str, *, action: str = "account.password") -> None:
    """Replace a person's password and end all their sessions (the caller may sign in again).
    `action` tells the audit log how: "account.password" (by the person, signed in),
    "account.password_reset" (by an e-mailed link), "account.invitation_accepted"."""
    user.set_password(password)
    end_sessions(user)
    account_changed.send(user, action=action, after={"password": True})


def grant_role(user: User, zone: Zone, role: Role) -> ZoneRole:
    """Give `user` the `role` in `zone`, replacing any role they had there."""
    zone_role = db.session.scalar(
        select(ZoneRole).where(ZoneRole.user_id == user.id, ZoneRole.zone_id == zone.id)
    )
    before = {"role": zone_role.role} if zone_role is not None else {}
    if zone_role is None:
        zone_role = ZoneRole(user=user, zone=zone, role=role.value)
        db.session.add(zone_role)
    else:
        zone_role.role = role.value
    db.session.flush()
    if before != {"role": role.value}:
        account_changed.send(
            user, action="role.grant", zone_id=zone.id, before=before, after={"role": role.value}
        )
    return zone_role


def revoke_role(zone_role: ZoneRole) -> None:
    """Take a person's role in a zone away."""
    user, zone_id, before = zone_role.user, zone_role.zone_id, {"role": zone_role.role}
    db.session.delete(zone_role)
    db.session.flush()
    account_changed.send(user, action="role.revoke", zone_id=zone_id, before=before)


def list_users() -> list[User]:
    """Every account not erased, by name in Polish alphabetical order."""
    query = select(User).where(User.erased_at.is_(None))
    return list(db.session.scalars(query.order_by(polish(User.name), User.id)).all())


def count_erased() -> int:
    """How many accounts have been erased (the accounts page says so, without listing them)."""
    return db.session.scalar(select(func.count(User.id)).where(User.erased_at.is_not(None)))


# Residents' data rules for staff accounts (RODO/GDPR): export and erasure -------------------

# What the export tells of each record linked to the person: where and when, never its
# contents. Those are the zone's records (a paper card a librarian typed in holds a
# resident's words, not the librarian's data), and the audit log's before and after are
# about other people's records.
LINKED_COLUMNS = (
    "zone_id", "action", "subject_type", "subject_id", "status", "created_at", "updated_at",
    "submitted_at", "reviewed_at", "resolved_at", "recorded_at",
)  # fmt: skip
ERASED_PASSWORD = "!erased"  # noqa: S105  (no Werkzeug hash: no password matches it)


class ErasureRefusedError(Exception):
    """Why an account may not be erased (a sentence for the coordinator)."""


def _json_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _linked_records(user: User) -> dict[str, list[dict]]:
    """Every row of every table that names the person (found through the foreign keys to
    users, so that a table added later is not forgotten), by table and column."""
    found: dict[str, list[dict]] = {}
    users = User.__table__
    for table in db.metadata.sorted_tables:
        if table is users or table is ZoneRole.__table__:
            continue
        for fk in table.foreign_keys:
            if fk.column.table is not users:
                continue
            column = fk.parent
            kept = [table.c[name] for name in LINKED_COLUMNS if name in table.c]
            primary = list(table.primary_key.columns)
            rows = db.session.execute(
                select(*primary, *kept).where(column == user.id).order_by(*primary)
            ).mappings()
            records = [{k: _json_value(v) for k, v in row.items()} for row in rows]
            if records:
                found[f"{table.name}.{column.name}"] = records
    return found


def personal_data(user: User) -> dict:
    """Everything the app holds about a staff member, as JSON values (no password hash):
    the account, roles per zone, sessions, and the records linked to them."""
    return {
        "account": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "is_coordinator": user.is_coordinator,
            "active": user.active,
            "has_password": has_password(user) and user.password_hash != ERASED_PASSWORD,
            "created_at": _json_value(user.created_at),
            "last_login_at": _json_value(user.last_login_at),
            "erased_at": _json_value(user.erased_at),
        },
        "roles": [
            {
                "zone_id": role.zone_id,
                "zone": role.zone.slug,
                "town": role.zone.town,
                "role": role.role,
                "since": _json_value(role.created_at),
            }
            for role in user.roles_by_town
        ],
        # Sessions live in signed cookies, not on the server: only their generation is kept
        # (raised at every sign-out), and no device is recorded for staff accounts.
        "sessions": {"session_version": user.session_version, "devices": []},
        "linked_records": _linked_records(user),
    }


def coordinators_left(besides: User) -> int:
    """How many other active, not erased accounts are network coordinators."""
    return db.session.scalar(
        select(func.count(User.id)).where(
            User.id != besides.id,
            User.is_coordinator.is_(True),
            User.active.is_(True),
            User.erased_at.is_(None),
        )
    )


def check_erasable(user: User, by: User) -> None:
    """ErasureRefusedError when `by` may not erase `user`: their own account, the last
    coordinator, or one already erased."""
    if user.erased_at is not None:
        raise ErasureRefusedError(_l("This account has already been erased."))
    if user.id == by.id:
        raise ErasureRefusedError(_l("You cannot erase your own account."))
    if user.is_coordinator and coordinators_left(user) == 0:
        raise ErasureRefusedError(_l("This is the last network coordinator: it cannot be erased."))


def erase_user(user: User, by: User) -> None:
    """Erase a person's data (flushes): the row stays, anonymised, so that the audit log and
    the records they made keep their links and read as "a deleted account"; they can no
    longer sign in, every session of theirs ends, their roles go."""
    check_erasable(user, by)
    for zone_role in list(user.roles):
        revoke_role(zone_role)
    db.session.expire(user, ["roles"])
    user.name = ""
    user.email = f"deleted-{user.id}@invalid"
    user.password_hash = ERASED_PASSWORD
    user.is_coordinator = False
    user.active = False
    user.last_login_at = None
    user.erased_at = utcnow()
    end_sessions(user)
    # Nothing personal in the entry; the audit log also forgets the name and e-mail its
    # earlier entries about the account held.
    account_changed.send(user, action="account.erase", after={"erased": True})
