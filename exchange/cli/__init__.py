"""Command-line commands: each module here has `register(app)` adding its commands."""

from __future__ import annotations

import sys

import click


def read_secret(prompt: str) -> str:
    """Read a password from stdin when it is piped, else ask twice without echo."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise click.ClickException("no password on standard input")
        return line.rstrip("\r\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
