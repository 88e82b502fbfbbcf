"""Sign-in, sign-out, password change and language choice."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from exchange import passwords
from exchange.auth import operations, sessions, two_factor
from exchange.auth.forms import ChangePasswordForm, CodeForm, LoginForm, LogoutForm
from exchange.extensions import db
from exchange.i18n import LANGUAGES

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(db.session, form.email.data, form.password.data,
                                           address=_address())
        except operations.SignInFailed as exc:
            flash(_(str(exc)), "error")
        except passwords.HashingBusy:
            return render_template("auth/login.html", form=form, busy=True), 503
        else:
            target = sessions.safe_next(request.args.get("next"))
            if two_factor.required(user):
                sessions.await_second_factor(user, target)
                return redirect(url_for("auth.second_factor"))
            operations.record_sign_in(db.session, user, "sign_in", _address())
            sessions.start(user)
            return redirect(target)
    return render_template("auth/login.html", form=form)


def _address() -> str:
    return request.remote_addr or ""


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor() -> str | Response:
    """The second step of a sign-in: a code (and, the first time, setting the app up)."""
    user = sessions.awaiting_second_factor()
    if user is None:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    secret = None if user.totp_secret else sessions.enrolment_secret()
    if form.validate_on_submit():
        code = form.code.data
        if secret:
            codes = two_factor.enrol(db.session, user, secret, code)
            if codes is not None:
                operations.record_sign_in(db.session, user, "sign_in", _address())
                target = sessions.second_factor_target()
                sessions.start(user)
                return render_template("auth/recovery.html", codes=codes, next=target)
            flash(_("The code does not match: check the key and the clock of the device."),
                  "error")
        else:
            try:
                operations.check_second_factor(db.session, user, code, _address())
            except operations.SignInFailed:
                flash(_("Wrong or already used code."), "error")
            else:
                target = sessions.second_factor_target()
                sessions.start(user)
                return redirect(target)
    uri = two_factor.provisioning_uri(user, secret) if secret else None
    return render_template("auth/code.html", form=form, secret=secret, uri=uri)


@bp.post("/logout")
def logout() -> Response:
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        operations.end_all_sessions(db.session, current_user._get_current_object())
        sessions.end()
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            operations.change_password(db.session, user, form.current.data, form.new.data)
        except (operations.AccountError, passwords.WeakPassword) as exc:
            flash(str(exc), "error")
        else:
            # This browser stays signed in with the new session version; all others are out.
            sessions.start(user)
            flash(_("Password changed. Every other session has been signed out."), "ok")
            return redirect(url_for("registry.index"))
    return render_template("auth/password.html", form=form)


@bp.get("/language/<code>")
def set_language(code: str) -> Response:
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(sessions.safe_next(request.referrer and urlsplit(request.referrer).path))
