"""Configuration comes from the environment; a wrong value names its variable."""

from __future__ import annotations

import pytest

from exchange import config


@pytest.fixture
def env(monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "SESSION_HOURS", "IMPORT_MAX_ROWS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_to_sqlite_under_instance(env, tmp_path):
    settings = config.from_environment(tmp_path)
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'registry.db'}"


def test_secret_key_is_generated_once_and_kept(env, tmp_path):
    first = config.from_environment(tmp_path)["SECRET_KEY"]
    second = config.from_environment(tmp_path)["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only


def test_postgres_urls_use_psycopg3(env, tmp_path):
    env.setenv("DATABASE_URL", "postgres://u:p@localhost/registry")
    url = config.from_environment(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert url == "postgresql+psycopg://u:p@localhost/registry"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", ""),
        ("DATABASE_URL", "mysql://localhost/x"),
        ("SECRET_KEY", "short"),
        ("SESSION_HOURS", "eight"),
        ("IMPORT_MAX_ROWS", "lots"),
    ],
)
def test_bad_setting_names_the_variable(env, tmp_path, name, value):
    env.setenv(name, value)
    with pytest.raises(config.ConfigError, match=name):
        config.from_environment(tmp_path)
