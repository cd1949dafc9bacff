import json
import time

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth import bp
from app.auth.forms import (
    ChangePasswordForm,
    EmailSettingsForm,
    EraseAccountForm,
    ForgotPasswordForm,
    LoginForm,
    RoleForm,
    SecondFactorCheckForm,
    SetPasswordForm,
    TwoFactorCodeForm,
    TwoFactorPolicyForm,
    UserCreateForm,
    UserEditForm,
    ZoneInviteForm,
)
from app.auth.models import Role, User, ZoneRole
from app.auth.services import (
    INVITATION_LINK,
    RESET_LINK,
    ErasureRefusedError,
    LinkProblem,
    account_changed,
    authenticate,
    change_password,
    check_erasable,
    check_link_token,
    check_second_factor,
    clear_failed_sign_ins,
    count_erased,
    create_user,
    disable_two_factor,
    enable_two_factor,
    end_sessions,
    erase_user,
    find_user,
    grant_role,
    has_password,
    list_users,
    make_link_token,
    new_totp_secret,
    normalise_email,
    personal_data,
    record_failed_sign_in,
    renew_recovery_codes,
    require_two_factor,
    revoke_role,
    set_email_settings,
    sign_in_wait,
    totp_uri,
    two_factor_required,
    update_user,
    user_for_session,
)
from app.core.downloads import download
from app.core.links import qr_svg
from app.core.mail import send_mail, send_mail_after_response
from app.core.security import coordinator_required, keyed_hash, safe_local_path
from app.core.time import utcnow
from app.extensions import db, limiter, login_manager
from app.zones.access import can_manage_zone, zone_route
from app.zones.models import Zone
from app.zones.services import list_zones


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return user_for_session(session_id)


def _account_key() -> str:
    """The rate-limit key of the account being signed in to (a hash: no e-mails in Redis)."""
    email = normalise_email(request.form.get("email", ""))
    return "account:" + keyed_hash("login-account", email)


def _landing(user: User, next_page: str | None = None) -> str:
    """Where signing in leads: the safe `next` page when given; else the zone's people and
    the coordinator land on their zones' work (app.main's page, named by its endpoint: auth
    imports no feature above it), and anyone else on their account."""
    work = "main.work" if user.is_coordinator or user.roles else "auth.account"
    return safe_local_path(next_page or request.args.get("next"), url_for(work))


def _sign_in(user: User, next_page: str | None = None):
    """Sign `user` in (both factors passed): their failures are forgotten."""
    clear_failed_sign_ins(user.email)
    db.session.commit()
    login_user(user)
    flash(_("You are signed in as %(name)s.", name=user.name), "success")
    return redirect(_landing(user, next_page))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
# Per account as well, whatever the address: only passwords checked and found wrong count
# (the form again, 200; a sign-in redirects, a slowed-down account gets 429), so that a
# botnet cannot try one account's password at length: a daily cap above the slow-down.
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=lambda response: response.status_code == 200,
    error_message=lambda: _(
        "Too many failed sign-in attempts for this account. Try again later, or ask the "
        "network coordinator for help."
    ),
)
def login():
    if current_user.is_authenticated:
        return redirect(_landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        if wait := sign_in_wait(form.email.data):
            return _slowed_down(form, "auth/login.html", wait)
        user = authenticate(form.email.data, form.password.data)
        if user is not None and user.has_two_factor:
            # Not signed in yet: the second step asks for the code, for a few minutes.
            session[PENDING] = {
                "user": user.get_id(), "at": int(time.time()), "next": request.args.get("next"),
            }  # fmt: skip
            return redirect(url_for("auth.login_code"))
        if user is not None:
            return _sign_in(user)
        record_failed_sign_in(form.email.data)
        db.session.commit()
        form.form_errors.append(_("Wrong e-mail address or password."))
    return render_template("auth/login.html", form=form)


PENDING = "sign_in_pending"  # the session's key: who passed the password, when
PENDING_MAX_AGE = 300


def _pending_user() -> User | None:
    """The account whose password this session passed in the last minutes, if any."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if time.time() - pending["at"] > PENDING_MAX_AGE:
        return None
    user = user_for_session(str(pending.get("user", "")))
    return user if user is not None and user.has_two_factor else None


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login_code():
    """Signing in, second step: a code from the person's app, or one of their recovery
    codes. Wrong codes count towards the account's slow-down, as wrong passwords do."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Sign in again: the time for the code has run out."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if wait := sign_in_wait(user.email):
            return _slowed_down(form, "auth/login_code.html", wait)
        if check_second_factor(user, form.code.data):
            user.last_login_at = utcnow()
            return _sign_in(user, session.pop(PENDING).get("next"))
        record_failed_sign_in(user.email)
        db.session.commit()
        form.code.data = ""
        form.code.errors.append(_("This code is wrong or has been used. Type the current one."))
    return render_template("auth/login_code.html", form=form)


def _slowed_down(form, template: str, wait: int):
    """The sign-in page of an address with too many failures: when to try again (429). The
    same for an address no account has, so that it tells nobody which ones exist."""
    minutes = max(1, -(-wait // 60))
    form.form_errors.append(
        ngettext(
            "Too many failed sign-ins for this account. Try again in %(num)d minute, or reset "
            "your password.",
            "Too many failed sign-ins for this account. Try again in %(num)d minutes, or reset "
            "your password.",
            minutes,
        )
    )
    response = current_app.make_response((render_template(template, form=form), 429))
    response.headers["Retry-After"] = str(wait)
    return response


@bp.post("/logout")
def logout():
    # Every session of the account ends, not only this cookie: a copy of it, or a session
    # left open on a library computer, stops working too.
    if current_user.is_authenticated:
        end_sessions(current_user)
        db.session.commit()
    logout_user()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("zones.index"))


def _reset_address_key() -> str:
    """The rate-limit key of the address a reset link is asked for (hashed, like sign-in's)."""
    email = normalise_email(request.form.get("email", ""))
    return "reset-address:" + keyed_hash("reset-address", email)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_REQUEST_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["RESET_REQUEST_ADDRESS_RATE_LIMIT"],
    methods=["POST"],
    key_func=_reset_address_key,
    error_message=lambda: _(
        "Too many links were asked for this address. Look for the last e-mail we sent, or "
        "try again in an hour."
    ),
)
def forgot_password():
    """Ask for a password-reset link. The answer is the same whether or not an account has
    the address, so that the page tells nobody who has one."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.active:
            link = url_for(
                "auth.reset_password", token=make_link_token(user, RESET_LINK), _external=True
            )
            # After the response: the page takes as long for an address nobody has.
            send_mail_after_response(
                user.email,
                "password_reset",
                str(get_locale()),
                name=user.name,
                email=user.email,
                link=link,
            )
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


def _link_problem_page(problem: LinkProblem, *, invitation: bool = False):
    """A link that no longer works says why, with the way to a new one (404 for a link that
    was never ours, 410 for an expired or used one)."""
    status = 404 if problem is LinkProblem.INVALID else 410
    return render_template(
        "auth/link_problem.html", problem=problem.value, invitation=invitation
    ), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def reset_password(token: str):
    user = check_link_token(token, RESET_LINK, current_app.config["PASSWORD_RESET_MAX_AGE"])
    if isinstance(user, LinkProblem):
        return _link_problem_page(user)
    form = SetPasswordForm()
    if form.validate_on_submit():
        change_password(user, form.password.data, action="account.password_reset")
        clear_failed_sign_ins(user.email)  # a slowed-down account signs in with it at once
        db.session.commit()
        logout_user()  # every session of the account has ended; this one too
        flash(_("Your new password is set. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=user)


def _email_settings_form(**kwargs) -> EmailSettingsForm:
    """The e-mail settings of the signed-in person; the digest goes to librarians only."""
    form = EmailSettingsForm(**kwargs)
    if not any(Role(role.role) is Role.LIBRARIAN for role in current_user.roles):
        del form.digest
    return form


@bp.get("/account")
@login_required
def account():
    form = _email_settings_form(
        formdata=None, language=current_user.language, digest=current_user.digest
    )
    return render_template("auth/account.html", settings_form=form)


@bp.post("/account/email-settings")
@login_required
def email_settings():
    """Save the person's e-mail language and whether they get the daily digest."""
    form = _email_settings_form()
    if not form.validate_on_submit():
        return render_template("auth/account.html", settings_form=form)
    digest = form.digest.data if "digest" in form else current_user.digest
    set_email_settings(current_user, language=form.language.data, digest=digest)
    db.session.commit()
    flash(_("Your e-mail settings are saved."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current_password.data):
            change_password(current_user, form.password.data)
            db.session.commit()
            login_user(current_user._get_current_object())  # this session goes on, not others
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
        form.current_password.data = ""  # a wrong one is typed again; the new ones stay
        form.current_password.errors.append(_("This is not your current password."))
    return render_template("auth/password.html", form=form)


@bp.get("/admin/users")
@coordinator_required
def users():
    policy = TwoFactorPolicyForm(required=two_factor_required())
    return render_template(
        "auth/users.html", users=list_users(), policy=policy, erased=count_erased()
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@coordinator_required
def user_new():
    """Invite a person: a new account with no password, and an e-mail whose link sets the
    first one. With ?zone=<id>&role=<role> (the zone team page's links) the person also gets
    that role in that zone, and the page leads back to the team; an address that already
    has an account then only gets the role (and a notice by e-mail)."""
    form = UserCreateForm()
    zone, role = _role_asked()
    if request.method == "GET":
        form.language.data = str(get_locale())
    if form.validate_on_submit():
        existing = find_user(form.email.data)
        if existing is not None and zone is None:
            form.email.errors.append(_("An account with this e-mail address already exists."))
        else:
            user = _invite(form, zone, role, is_coordinator=form.is_coordinator.data)
            if user is not None and zone is None:
                flash(_("The account of %(name)s has been created.", name=user.name), "success")
                return redirect(url_for("auth.user_edit", user_id=user.id))
            if user is not None:
                if existing is None:
                    flash(
                        _(
                            "The account of %(name)s has been created; their role in zone "
                            "%(town)s: %(role)s.",
                            name=user.name,
                            role=role.label,
                            town=zone.town,
                        ),
                        "success",
                    )
                return redirect(url_for("zones.team", zone_slug=zone.slug))
    return render_template("auth/user_new.html", form=form, zone=zone, role=role)


def _roles_to_give(zone: Zone) -> list[Role]:
    """The roles the signed-in person may give in `zone` by invitation: the coordinator any,
    the zone's librarians only officials' (never a librarian's: that is the coordinator's)."""
    if current_user.is_coordinator:
        return list(Role)
    return [Role.OFFICIAL] if current_user.role_in(zone) is Role.LIBRARIAN else []


@bp.route("/zones/<zone_slug>/team/invite", methods=["GET", "POST"])
@zone_route(can_manage_zone)
def zone_invite(zone: Zone):
    """A zone's librarian (or the coordinator) invites a person with a role in the zone."""
    form = ZoneInviteForm()
    roles = _roles_to_give(zone)
    form.role.choices = [SelectChoice(r.value, r.label) for r in roles]
    if request.method == "GET":
        form.language.data = str(get_locale())
        form.role.data = Role.OFFICIAL.value
    if form.validate_on_submit():
        user = _invite(form, zone, Role(form.role.data))
        if user is not None:
            return redirect(url_for("zones.team", zone_slug=zone.slug))
    return render_template("auth/zone_invite.html", form=form, zone=zone)


def _invite(form, zone: Zone | None, role: Role | None, *, is_coordinator: bool = False):
    """Invite the form's person (a new account, or an existing one given the role), e-mail
    them in the form's language and commit; None (with the form's error) if the e-mail could
    not be sent, and then nothing is kept."""
    user, locale = find_user(form.email.data), form.language.data
    if user is not None and not user.active:  # a role given to it would not let them in
        form.email.errors.append(
            _(
                "The account with this address cannot sign in. The network coordinator can "
                "let it sign in again on its page (“Can sign in”), then invite it."
            )
        )
        return None
    if (
        user is not None
        and zone is not None
        and not current_user.is_coordinator
        and user.role_in(zone) is not None
    ):  # a librarian gives officials' roles, never changes a role someone has in the zone
        form.email.errors.append(_("This person already has a role in this zone."))
        return None
    if user is None:
        user = create_user(form.email.data, form.name.data, None, is_coordinator=is_coordinator)
        user.language = locale
    if zone is not None:
        grant_role(user, zone, role)
    context = {"user": user, "zone": zone, "role": role, "inviter": current_user}
    if has_password(user):  # an account already: the role is theirs, a notice tells them
        template, context["link"] = "role_granted", url_for("auth.login", _external=True)
    else:  # a new account, or one whose invitation was never accepted: a link to accept
        token = make_link_token(user, INVITATION_LINK)
        template = "invitation"
        context["link"] = url_for("auth.accept_invitation", token=token, _external=True)
    try:
        send_mail(user.email, template, locale, **context)
    except OSError:
        current_app.logger.exception("The invitation e-mail could not be sent")
        db.session.rollback()
        form.form_errors.append(
            _("The e-mail could not be sent, so nothing was saved. Try again later.")
        )
        return None
    action = "account.invitation" if template == "invitation" else "account.role_notice"
    account_changed.send(user, action=action, zone_id=zone.id if zone else None)
    db.session.commit()
    if template == "invitation":
        flash(_("We sent an invitation to %(email)s.", email=user.email), "success")
    else:
        flash(
            _(
                "%(name)s already has an account: their role in zone %(town)s is now %(role)s, "
                "and we told them by e-mail.",
                name=user.name,
                town=zone.town,
                role=role.label,
            ),
            "success",
        )
    return user


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def accept_invitation(token: str):
    """The invited person sets their first password, and is signed in."""
    user = check_link_token(token, INVITATION_LINK, current_app.config["INVITATION_MAX_AGE"])
    if isinstance(user, LinkProblem):
        return _link_problem_page(user, invitation=True)
    form = SetPasswordForm()
    if form.validate_on_submit():
        change_password(user, form.password.data, action="account.invitation_accepted")
        db.session.commit()
        login_user(user)
        flash(_("Welcome, %(name)s: your password is set.", name=user.name), "success")
        return redirect(_landing(user))
    return render_template("auth/accept_invitation.html", form=form, user=user)


def _role_asked() -> tuple[Zone | None, Role | None]:
    """The zone and role the page's address asks to give the new account, if both are valid."""
    zone_id, role = request.args.get("zone", ""), request.args.get("role", "")
    if not zone_id.isdecimal() or len(zone_id) > 10 or role not in {r.value for r in Role}:
        return None, None
    zone = db.session.get(Zone, int(zone_id))
    return (zone, Role(role)) if zone is not None else (None, None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@coordinator_required
def user_edit(user_id: int):
    user = _account_or_404(user_id)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and not (form.active.data and form.is_coordinator.data):
            form.form_errors.append(
                _("You cannot take away your own coordinator rights or sign-in.")
            )
        else:
            update_user(
                user,
                name=form.name.data,
                active=form.active.data,
                is_coordinator=form.is_coordinator.data,
            )
            db.session.commit()
            flash(_("The account has been saved."), "success")
            return redirect(url_for("auth.user_edit", user_id=user.id))
    return render_template("auth/user_edit.html", user=user, form=form, role_form=_role_form())


@bp.post("/admin/users/<int:user_id>/roles")
@coordinator_required
def role_grant(user_id: int):
    user = _account_or_404(user_id)
    role_form = _role_form()
    if role_form.validate_on_submit():
        zone = db.get_or_404(Zone, role_form.zone.data)
        grant_role(user, zone, Role(role_form.role.data))
        db.session.commit()
        flash(_("%(name)s now has a role in %(town)s.", name=user.name, town=zone.town), "success")
        return redirect(url_for("auth.user_edit", user_id=user.id))
    return render_template(
        "auth/user_edit.html", user=user, form=UserEditForm(obj=user), role_form=role_form
    )


@bp.post("/admin/users/<int:user_id>/roles/<int:role_id>/delete")
@coordinator_required
def role_revoke(user_id: int, role_id: int):
    zone_role = db.one_or_404(
        select(ZoneRole).where(ZoneRole.id == role_id, ZoneRole.user_id == user_id)
    )
    revoke_role(zone_role)
    db.session.commit()
    flash(_("The role has been taken away."), "info")
    return redirect(url_for("auth.user_edit", user_id=user_id))


def _account_or_404(user_id: int) -> User:
    """An account not erased (an erased one has nothing left to manage), or 404."""
    user = db.get_or_404(User, user_id)
    if user.erased_at is not None:
        abort(404)
    return user


@bp.get("/admin/users/<int:user_id>/personal-data.json")
@coordinator_required
def user_export(user_id: int):
    """Everything the app holds about the person, as a JSON file to give them (RODO art. 15)."""
    user = _account_or_404(user_id)
    body = json.dumps(personal_data(user), ensure_ascii=False, indent=2)
    account_changed.send(user, action="account.export")  # who saw the data, and when
    db.session.commit()
    return download(body, f"strefy-personal-data-{user.id}.json")


@bp.route("/admin/users/<int:user_id>/erase", methods=["GET", "POST"])
@coordinator_required
def user_erase(user_id: int):
    """Erase the person's data, once the coordinator typed their e-mail address to confirm."""
    user = _account_or_404(user_id)
    form = EraseAccountForm()
    try:
        check_erasable(user, current_user)
    except ErasureRefusedError as refused:
        page = render_template("auth/user_erase.html", user=user, form=form, refused=refused)
        return page, 409 if request.method == "POST" else 200
    if form.validate_on_submit():
        if normalise_email(form.email.data) != user.email:
            form.email.errors.append(
                _("This is not this account's e-mail address. Type %(email)s.", email=user.email)
            )
        else:
            erase_user(user, current_user)
            db.session.commit()
            flash(_("The account's personal data has been erased."), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_erase.html", user=user, form=form, refused=None)


def _role_form() -> RoleForm:
    form = RoleForm(prefix="role")
    form.zone.choices = [SelectChoice("", _("Choose a zone"))] + [
        SelectChoice(zone.id, f"{zone.town}: {zone.library_name}") for zone in list_zones()
    ]
    return form


# Two-factor sign-in ------------------------------------------------------------------------

SETUP_KEY = "two_factor_setup"  # the session's key: the secret being set up, not yet kept
# What a staff person without two-factor sign-in may still reach when the coordinator
# requires it: the setup itself, signing out, the language and static files.
_SETUP_EXEMPT = {"auth.two_factor", "auth.logout", "main.language", "main.favicon", "static"}


@bp.before_app_request
def _send_to_two_factor_setup():
    if (
        request.endpoint not in _SETUP_EXEMPT
        and current_user.is_authenticated
        and current_user.is_staff
        and not current_user.has_two_factor
        and two_factor_required()
    ):
        return redirect(url_for("auth.two_factor"))
    return None


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def two_factor():
    """Two-factor sign-in: its state and how to turn it off, or, while off, its setup: a
    new secret as a QR code (and as text), confirmed with a first code from the app."""
    if current_user.has_two_factor:
        return _two_factor_page()
    secret = session.get(SETUP_KEY)
    if not isinstance(secret, str) or request.method == "GET":
        secret = session[SETUP_KEY] = new_totp_secret()
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        codes = enable_two_factor(current_user, secret, form.code.data)
        if codes is not None:
            db.session.commit()
            session.pop(SETUP_KEY, None)
            flash(_("Two-factor sign-in is on."), "success")
            return render_template("auth/two_factor_codes.html", codes=codes)
        form.code.data = ""
        form.code.errors.append(_("This code is wrong. Type the one the app shows now."))
    uri = totp_uri(current_user, secret)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        secret=secret,
        uri=uri,
        qr=qr_svg(uri, 4),
        required=two_factor_required() and current_user.is_staff,
    )


# The two forms of the page of two-factor sign-in while it is on (prefixes: unique ids).
_RENEW, _OFF = "renew", "off"


def _two_factor_page(renew=None, off=None):
    return render_template(
        "auth/two_factor.html",
        renew=renew or SecondFactorCheckForm(prefix=_RENEW),
        off=off or SecondFactorCheckForm(prefix=_OFF),
    )


def _both_factors(form: SecondFactorCheckForm) -> bool:
    """Whether the form is valid and holds the account's password and a current code (or a
    recovery code, then used up); else the form says which is wrong."""
    if not form.validate_on_submit():
        return False
    if not current_user.check_password(form.password.data):
        form.password.errors.append(_("This is not your current password."))
        return False
    if not check_second_factor(current_user, form.code.data):
        form.code.data = ""
        form.code.errors.append(_("This code is wrong. Type the one the app shows now."))
        return False
    return True


@bp.post("/account/two-factor/recovery-codes")
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def two_factor_recovery_codes():
    """New recovery codes (some used, or the paper lost), shown once; the old ones go."""
    if not current_user.has_two_factor:
        return redirect(url_for("auth.two_factor"))
    form = SecondFactorCheckForm(prefix=_RENEW)
    if not _both_factors(form):
        return _two_factor_page(renew=form)
    codes = renew_recovery_codes(current_user)
    db.session.commit()
    return render_template("auth/two_factor_codes.html", codes=codes)


@bp.post("/account/two-factor/off")
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def two_factor_off():
    if not current_user.has_two_factor:
        return redirect(url_for("auth.two_factor"))
    form = SecondFactorCheckForm(prefix=_OFF)
    if not _both_factors(form):
        return _two_factor_page(off=form)
    disable_two_factor(current_user)
    db.session.commit()
    flash(_("Two-factor sign-in is off."), "info")
    return redirect(url_for("auth.account"))


@bp.post("/admin/users/two-factor")
@coordinator_required
def two_factor_policy():
    """The coordinator's choice: every staff account signs in with two factors, or not."""
    form = TwoFactorPolicyForm()
    if form.validate_on_submit():
        was = two_factor_required()
        require_two_factor(form.required.data)
        if was != form.required.data:  # in the log, under the account of who chose it
            account_changed.send(
                current_user._get_current_object(), action="account.two_factor_policy",
                before={"two_factor_required": was},
                after={"two_factor_required": form.required.data},
            )  # fmt: skip
        db.session.commit()
        if form.required.data:
            flash(_("Every staff account now needs two-factor sign-in."), "success")
        else:
            flash(_("Two-factor sign-in is no longer required."), "info")
    return redirect(url_for("auth.users"))


@bp.post("/admin/users/<int:user_id>/two-factor/reset")
@coordinator_required
def two_factor_reset(user_id: int):
    """The coordinator turns off a person's two-factor sign-in (a lost phone): they sign in
    with their password and set it up again."""
    user = db.get_or_404(User, user_id)
    if user.has_two_factor:
        disable_two_factor(user, action="account.two_factor_reset")
        db.session.commit()
        flash(_("Two-factor sign-in of %(name)s is off.", name=user.name), "success")
    return redirect(url_for("auth.user_edit", user_id=user.id))
