from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth import bp
from app.auth.forms import ChangePasswordForm, LoginForm, RoleForm, UserCreateForm, UserEditForm
from app.auth.models import Role, User, ZoneRole
from app.auth.services import (
    authenticate,
    change_password,
    create_user,
    end_sessions,
    grant_role,
    list_users,
    normalise_email,
    revoke_role,
    update_user,
    user_for_session,
)
from app.core.security import coordinator_required, keyed_hash, safe_local_path
from app.extensions import db, limiter, login_manager
from app.zones.models import Zone
from app.zones.services import list_zones


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return user_for_session(session_id)


def _account_key() -> str:
    """The rate-limit key of the account being signed in to (a hash: no e-mails in Redis)."""
    email = normalise_email(request.form.get("email", ""))
    return "account:" + keyed_hash("login-account", email)


def _landing(user: User) -> str:
    """Where signing in leads: the safe `next` page when given; else the zone's people and
    the coordinator land on their zones' work (app.main's page, named by its endpoint: auth
    imports no feature above it), and anyone else on their account."""
    work = "main.work" if user.is_coordinator or user.roles else "auth.account"
    return safe_local_path(request.args.get("next"), url_for(work))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
# Per account as well, whatever the address: only failed attempts count (a successful
# sign-in redirects), so that a botnet cannot try one account's password at length.
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=lambda response: response.status_code != 302,
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
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            flash(_("You are signed in as %(name)s.", name=user.name), "success")
            return redirect(_landing(user))
        form.form_errors.append(_("Wrong e-mail address or password."))
    return render_template("auth/login.html", form=form)


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


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


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
    return render_template("auth/users.html", users=list_users())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@coordinator_required
def user_new():
    """A new account; with ?zone=<id>&role=<role> (the zone team page's links) the same
    submit also gives the person that role in that zone, and leads back to the team."""
    form = UserCreateForm()
    zone, role = _role_asked()
    if form.validate_on_submit():
        user = create_user(
            form.email.data,
            form.name.data,
            form.password.data,
            is_coordinator=form.is_coordinator.data,
        )
        if zone is not None:
            grant_role(user, zone, role)
        db.session.commit()
        if zone is None:
            flash(_("The account of %(name)s has been created.", name=user.name), "success")
            return redirect(url_for("auth.user_edit", user_id=user.id))
        flash(
            _(
                "The account of %(name)s has been created; their role in zone %(town)s: %(role)s.",
                name=user.name,
                role=role.label,
                town=zone.town,
            ),
            "success",
        )
        return redirect(url_for("zones.team", zone_slug=zone.slug))
    return render_template("auth/user_new.html", form=form, zone=zone, role=role)


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
    user = db.get_or_404(User, user_id)
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
    user = db.get_or_404(User, user_id)
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


def _role_form() -> RoleForm:
    form = RoleForm(prefix="role")
    form.zone.choices = [SelectChoice("", _("Choose a zone"))] + [
        SelectChoice(zone.id, f"{zone.town}: {zone.library_name}") for zone in list_zones()
    ]
    return form
