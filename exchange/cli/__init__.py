"""Command-line commands: each module here has `register(app)` adding its commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

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


T = TypeVar("T")


def writable(out: Path) -> Path:
    """Stop before any work when the output file cannot be written."""
    target = out if out.exists() else out.parent
    if out.is_dir() or not out.parent.is_dir() or not os.access(target, os.W_OK):
        raise click.ClickException(f"cannot write {out}: no such folder, or not writable")
    return out


def save(write: Callable[[Path], T], out: Path) -> T:
    """Run a writer, turning a failed write into a clear message."""
    try:
        return write(out)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
