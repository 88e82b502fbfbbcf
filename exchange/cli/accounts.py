"""`flask create-user`: accounts from the command line."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from exchange.audit import Actor
from exchange.auth import operations, two_factor
from exchange.cli import read_secret
from exchange.extensions import db
from exchange.models import Role
from exchange.passwords import WeakPassword


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--org", "org_code", help="Organisation short code, e.g. ARPPK or ZMINA.")
def create_user_command(email: str, role: str, org_code: str | None) -> None:
    """Create an account; the password is asked for, or read from stdin."""
    password = read_secret("Password")
    try:
        user = operations.create_user(
            db.session,
            email=email,
            password=password,
            role=Role(role),
            organisation_code=org_code,
            actor=Actor.for_cli(),
        )
    except (operations.AccountError, WeakPassword) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created user {user.id} ({user.role.value})")


@click.group("user")
def user_group() -> None:
    """Administer an account: disable, enable, end sessions, reset password or second factor."""


def _administer(email: str, action: str, **change: object) -> None:
    try:
        user = operations.find_user(db.session, email)
        operations.administer(db.session, user, action, Actor.for_cli(), **change)
    except (operations.AccountError, WeakPassword) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{action}: user {user.id}; every session of the account has ended")


@user_group.command("disable")
@with_appcontext
@click.argument("email")
def disable_command(email: str) -> None:
    """Disable an account at once (every session ends)."""
    _administer(email, "account_disabled", active=False)


@user_group.command("enable")
@with_appcontext
@click.argument("email")
def enable_command(email: str) -> None:
    """Enable a disabled account again."""
    _administer(email, "account_enabled", active=True)


@user_group.command("end-sessions")
@with_appcontext
@click.argument("email")
def end_sessions_command(email: str) -> None:
    """Sign the account out everywhere (a lost laptop, a shared computer)."""
    _administer(email, "sessions_ended")


@user_group.command("reset-password")
@with_appcontext
@click.argument("email")
def reset_password_command(email: str) -> None:
    """Set a new password (asked for, or read from stdin); the second factor stays."""
    _administer(email, "password_reset", password=read_secret("New password"))


@user_group.command("reset-two-factor")
@with_appcontext
@click.argument("email")
def reset_two_factor_command(email: str) -> None:
    """Remove the second factor (a lost phone): the user sets it up at the next sign-in."""
    try:
        user = operations.find_user(db.session, email)
    except operations.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    two_factor.reset(db.session, user, Actor.for_cli())
    click.echo(f"second factor removed: user {user.id} sets it up again at the next sign-in")


def register(app: Flask) -> None:
    """Add the account commands."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(user_group)
