"""Configuration from the environment, with safe defaults for a single-machine install."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message names the variable."""


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once and kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key is not None:
        if len(key) < 32:
            raise ConfigError("SECRET_KEY is set but shorter than 32 characters")
        return key
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url is None:
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'registry.db'}"
    url = url.strip()
    if not url:
        raise ConfigError("DATABASE_URL is set but empty")
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not (url.startswith("sqlite") or url.startswith("postgresql+psycopg")):
        scheme = url.split(":", 1)[0]
        raise ConfigError(f"DATABASE_URL must be a sqlite:/// or postgresql:// URL, not {scheme}:")
    return url


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def from_environment(instance_path: Path) -> dict[str, Any]:
    """Build the app's settings from environment variables."""
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # hide_parameters: a database error never writes row data (names) into a log
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_int_env("SESSION_HOURS", 8)),
        "SESSION_IDLE": timedelta(minutes=_int_env("SESSION_IDLE_MINUTES", 30)),
        "REMEMBER_COOKIE_DURATION": timedelta(hours=0),
        "BEHIND_PROXY": os.environ.get("BEHIND_PROXY", "0") == "1",
        "MAX_CONTENT_LENGTH": _int_env("MAX_UPLOAD_MB", 50) * 1024 * 1024,
        "IMPORT_MAX_ROWS": _int_env("IMPORT_MAX_ROWS", 200_000),
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "en"),
        "LANGUAGES": ["en", "uk"],
        "PAGE_SIZE": 50,
        # a form's token expires: a page left open for hours must be reloaded before it posts
        "WTF_CSRF_TIME_LIMIT": _int_env("CSRF_MINUTES", 120) * 60,
        # how often each web process looks for a change to compute the main reports
        # again before anyone asks (exchange.warming); 0 turns it off
        "WARM_SECONDS": _int_env("WARM_SECONDS", 5),
    }
