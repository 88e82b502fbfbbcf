"""Command-line commands: each module here has `register(app)` adding its commands."""

from __future__ import annotations

import sys

import click

from exchange.labels import LANGUAGES

# The language of a workbook's headers, values and printed title.
language_option = click.option(
    "--lang", "language", type=click.Choice(LANGUAGES), default="uk", show_default=True,
    help="Language of the workbook's headers, values and printed title.")


def read_secret(prompt: str) -> str:
    """Read a password from stdin when it is piped, else ask twice without echo."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise click.ClickException("no password on standard input")
        return line.rstrip("\r\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
