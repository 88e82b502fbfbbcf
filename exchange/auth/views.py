"""Sign-in, sign-out, password change and language choice."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from exchange.auth import operations, sessions
from exchange.auth.forms import ChangePasswordForm, LoginForm, LogoutForm
from exchange.extensions import db
from exchange.i18n import LANGUAGES

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("registry.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(db.session, form.email.data, form.password.data)
        except operations.SignInFailed as exc:
            flash(_(str(exc)), "error")
        else:
            sessions.start(user)
            return redirect(sessions.safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


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
        except operations.AccountError as exc:
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
