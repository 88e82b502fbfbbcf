"""`flask demo-data`: a fictional registry so a newcomer sees a living system."""

from __future__ import annotations

from pathlib import Path

import click
import pyotp
from flask import Flask, current_app
from flask.cli import with_appcontext

from exchange.demo.loader import load_demo, read_login, registry_is_empty, save_login
from exchange.extensions import db


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the registry has persons.")
@click.option("--persons", default=300, show_default=True, help="How many fictional persons.")
@click.option("--seed", default=20250107, show_default=True)
def demo_data_command(if_empty: bool, persons: int, seed: int) -> None:
    """Load fictional demo data and demo accounts, then print the demo sign-in."""
    instance = Path(current_app.instance_path)
    if not registry_is_empty(db.session):
        if not if_empty:
            raise click.ClickException(
                "the registry is not empty; demo data goes only into an empty one"
            )
        click.echo("The registry already holds data: demo data not loaded again.")
    else:
        login = load_demo(db.session, count=persons, seed=seed)
        save_login(instance, login)
        click.echo(
            f"Loaded {persons} fictional persons with their member lists (2025-01, 2025-02)."
        )
    login = read_login(instance)
    if login is not None:
        click.echo("")
        click.echo("  Demo sign-in (fictional data)")
        click.echo(f"    email:    {login.email}")
        click.echo(f"    password: {login.password}")
        if login.totp_secret:
            click.echo(f"    second factor: add the key {login.totp_secret} to an authenticator")
            click.echo("      app, or print a code with: .venv/bin/flask --app exchange demo-code")
        click.echo(
            "    other demo accounts: admin@, editor.zmina@, negotiator@, viewer@demo.local"
            " (same password; admin@ and negotiator@ the same key)"
        )
        click.echo("")


@click.command("demo-code")
@with_appcontext
def demo_code_command() -> None:
    """Print the current second-factor code of the demo accounts (demo data only)."""
    login = read_login(Path(current_app.instance_path))
    if login is None or not login.totp_secret:
        raise click.ClickException("no demo sign-in here: load the demo data first")
    click.echo(pyotp.TOTP(login.totp_secret).now())


def register(app: Flask) -> None:
    """Add the demo command."""
    app.cli.add_command(demo_data_command)
    app.cli.add_command(demo_code_command)
