"""`flask create-user`: accounts from the command line."""

from __future__ import annotations

import click
from flask import Flask

from exchange.audit import Actor
from exchange.auth import operations
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


def register(app: Flask) -> None:
    """Add the account commands."""
    app.cli.add_command(create_user_command)
