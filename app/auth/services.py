"""Accounts: signing in, creating people, giving them roles in zones, and their e-mail
settings (language, the daily digest and the record of digests sent)."""

import hmac
import math
import secrets
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cache

import pyotp
from blinker import Namespace
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import (
    DigestSent,
    NetworkSetting,
    RecoveryCode,
    Role,
    SignInFailures,
    User,
    ZoneRole,
)
from app.core.collation import polish
from app.core.security import keyed_hash
from app.core.time import rfc3339, utcnow
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


# Slowing down guesses at one account ---------------------------------------------------
# Counted per e-mail address typed (normalised, keyed-hashed), in the database so that
# every worker sees the same count: after FAILURES_BEFORE_DELAY failures, each further one
# locks the address for twice as long as the last (1, 2, 4, 8 minutes), at most DELAY_MAX.
# No password is checked while locked, so guesses then neither count nor lengthen the lock.
# Failures are forgotten FAILURES_FORGOTTEN after the last one (or the lock's end).

FAILURES_BEFORE_DELAY = 5
FIRST_DELAY = timedelta(minutes=1)
DELAY_MAX = timedelta(minutes=15)
FAILURES_FORGOTTEN = timedelta(minutes=15)
FAILURES_KEPT = timedelta(days=1)  # rows older than this are deleted


def _email_hash(email: str) -> str:
    return keyed_hash("sign-in-failures", normalise_email(email))


def sign_in_wait(email: str) -> int:
    """How many seconds signing in to this address is still refused for (0: not locked)."""
    row = db.session.get(SignInFailures, _email_hash(email))
    if row is None or row.locked_until is None:
        return 0
    return max(0, math.ceil((row.locked_until - utcnow()).total_seconds()))


def record_failed_sign_in(email: str) -> None:
    """Count a failed sign-in (a wrong password or code) to this address; lock it for a
    while once there were too many (flushes)."""
    now, email_hash = utcnow(), _email_hash(email)
    db.session.execute(
        delete(SignInFailures).where(SignInFailures.last_failed_at < now - FAILURES_KEPT)
    )
    row = db.session.get(SignInFailures, email_hash, with_for_update=True)
    if row is None:
        try:  # another worker may be adding the same address's row at this moment
            with db.session.begin_nested():
                row = SignInFailures(email_hash=email_hash, failures=0, last_failed_at=now)
                db.session.add(row)
        except IntegrityError:
            row = db.session.get(SignInFailures, email_hash, with_for_update=True)
    if now - max(row.last_failed_at, row.locked_until or row.last_failed_at) > FAILURES_FORGOTTEN:
        row.failures, row.locked_until = 0, None
    row.failures += 1
    row.last_failed_at = now
    if row.failures >= FAILURES_BEFORE_DELAY:
        doublings = min(row.failures - FAILURES_BEFORE_DELAY, 10)
        row.locked_until = now + min(FIRST_DELAY * 2**doublings, DELAY_MAX)
    db.session.flush()


def clear_failed_sign_ins(email: str) -> None:
    """Forget an address's failures: it was signed in to, or its password set again."""
    db.session.execute(
        delete(SignInFailures).where(SignInFailures.email_hash == _email_hash(email))
    )


# Two-factor sign-in (TOTP, RFC 6238: 30-second steps, 6 digits) --------------------------

TOTP_ISSUER = "Strefy"
RECOVERY_CODES = 10
TWO_FACTOR_REQUIRED = "two_factor_required"


def new_totp_secret() -> str:
    """A new random shared secret (160 bits, base32)."""
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads (from the QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def _digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


def _totp_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step (now, or one either side for a slow clock) whose code `code` is, if
    it is later than `after`: a code once accepted, or an earlier one, never works again."""
    code = _digits(code)
    if len(code) != 6 or not code.isdecimal():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow().replace(tzinfo=UTC))
    for step in (now - 1, now, now + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _recovery_hash(code: str) -> str:
    return keyed_hash("recovery-code", _digits(code))


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with RECOVERY_CODES new ones (10 digits each,
    shown as "12345 67890"), returned once: only their hashes are kept."""
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    user.recovery_codes = [RecoveryCode(code_hash=_recovery_hash(code)) for code in codes]
    return [f"{code[:5]} {code[5:]}" for code in codes]


def enable_two_factor(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor sign-in on with `secret` if `code` is its current code: the new
    recovery codes; None (nothing changed) for a wrong code (flushes)."""
    step = _totp_step(secret, code, None)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    codes = _new_recovery_codes(user)
    db.session.flush()
    account_changed.send(user, action="account.two_factor_on", after={"two_factor": True})
    return codes


def check_second_factor(user: User, code: str) -> bool:
    """Whether `code` is the account's current two-factor code, not used before, or one of
    its recovery codes (which is then used up) (flushes)."""
    if not user.has_two_factor:
        return False
    step = _totp_step(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        db.session.flush()
        return True
    wanted = _recovery_hash(code)
    for recovery in user.recovery_codes:
        if hmac.compare_digest(recovery.code_hash, wanted) and len(_digits(code)) == 10:
            user.recovery_codes.remove(recovery)
            db.session.flush()
            account_changed.send(user, action="account.recovery_code_used")
            return True
    return False


def renew_recovery_codes(user: User) -> list[str]:
    """New recovery codes for an account with two-factor sign-in, replacing every old one
    (the person checked both factors first); returned once (flushes)."""
    codes = _new_recovery_codes(user)
    db.session.flush()
    account_changed.send(user, action="account.recovery_codes_renewed")
    return codes


def disable_two_factor(user: User, *, action: str = "account.two_factor_off") -> None:
    """Turn two-factor sign-in off: by the person ("account.two_factor_off") or by the
    coordinator for a lost phone ("account.two_factor_reset") (flushes)."""
    _forget_second_factor(user)
    db.session.flush()
    account_changed.send(user, action=action, before={"two_factor": True})


def _forget_second_factor(user: User) -> None:
    """The account's two-factor secret and recovery codes go."""
    user.totp_secret = user.totp_last_step = None
    user.recovery_codes = []


def two_factor_required() -> bool:
    """Whether the coordinator asks every staff account to sign in with two factors."""
    setting = db.session.get(NetworkSetting, TWO_FACTOR_REQUIRED)
    return setting is not None and setting.value == "1"


def require_two_factor(required: bool) -> None:
    """The coordinator's network-wide choice: two-factor sign-in for all staff (flushes)."""
    setting = db.session.get(NetworkSetting, TWO_FACTOR_REQUIRED)
    if setting is None:
        setting = NetworkSetting(name=TWO_FACTOR_REQUIRED, value="0")
        db.session.add(setting)
    setting.value = "1" if required else "0"
    db.session.flush()


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
    """A stored value as JSON: moments in the API's one format (RFC 3339), days as ISO."""
    if isinstance(value, datetime):
        return rfc3339(value)
    return value.isoformat() if isinstance(value, date) else value


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
    _forget_second_factor(user)  # the secret and the recovery codes are the person's too
    end_sessions(user)
    # Nothing personal in the entry; the audit log also forgets the name and e-mail its
    # earlier entries about the account held.
    account_changed.send(user, action="account.erase", after={"erased": True})


# E-mail settings and the daily digest (composed in app.main.digest)


def set_email_settings(user: User, *, language: str, digest: bool) -> None:
    """The language of the e-mails sent to the person on the app's own initiative, and
    whether they get the daily digest."""
    user.language = language
    user.digest = digest
    db.session.flush()


def digest_recipients() -> list[User]:
    """The people who may get the daily digest: active accounts with a password (not an
    invitation still open) that have not turned it off, librarians of at least one zone;
    their roles are loaded with them. One query (and one for the roles)."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                User.digest.is_(True),
                User.password_hash != NO_PASSWORD,
                User.id.in_(select(ZoneRole.user_id).where(ZoneRole.role == Role.LIBRARIAN.value)),
            )
            .order_by(User.id)
        )
    )


def claim_digest(user: User, day: date) -> DigestSent | None:
    """Record, and commit, that `user`'s digest of `day` is being sent; None when a digest
    of that day is recorded already (by this run or a concurrent one: the unique rule on
    (user, day) lets only one of them in). Commits: the record must exist before the
    e-mail leaves, so that no other run sends it too."""
    if db.session.scalar(
        select(DigestSent.id).where(DigestSent.user_id == user.id, DigestSent.day == day)
    ):
        return None
    claim = DigestSent(user_id=user.id, day=day)
    db.session.add(claim)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return claim


def confirm_digest(claim: DigestSent) -> None:
    """The claimed digest has left: note when, and commit."""
    claim.sent_at = utcnow()
    db.session.commit()


# How long the record of a digest sent is kept: it only stops a second one the same day.
DIGESTS_KEPT_DAYS = 31


def forget_old_digests(day: date) -> int:
    """Delete the records of digests of days more than DIGESTS_KEPT_DAYS before `day`, and
    commit: how many."""
    cutoff = day - timedelta(days=DIGESTS_KEPT_DAYS)
    deleted = db.session.execute(delete(DigestSent).where(DigestSent.day < cutoff)).rowcount
    db.session.commit()
    return deleted


def release_digest(claim: DigestSent) -> None:
    """The claimed digest could not be sent: forget the claim, so that a later run of the
    same day tries again, and commit."""
    db.session.execute(delete(DigestSent).where(DigestSent.id == claim.id))
    db.session.commit()
