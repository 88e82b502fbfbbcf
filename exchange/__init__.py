"""The detainee registry web application: `create_app` builds it."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from pathlib import Path
from typing import Any

from flask import Flask

from exchange import config
from exchange.extensions import babel, csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

# Feature blueprints: each module exposes `bp`. Features that later issues add go here.
BLUEPRINT_MODULES = [
    "exchange.auth.views",
    "exchange.home.views",
    "exchange.registry.views",
    "exchange.importing.views",
    "exchange.classification.views",
    "exchange.reconciliation.views",
    "exchange.reports.views",
    "exchange.estimation.views",
    "exchange.rounds.views",
    "repatriation.views",
    "repatriation.person_views",
]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; `test_config` overrides settings for tests."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    configure_settings(app, test_config)
    configure_database(app)
    configure_accounts(app)
    configure_i18n(app)
    configure_classification()
    configure_computed(app)
    register_blueprints(app)
    register_cli(app)
    configure_errors(app)
    configure_security_headers(app)
    return app


def configure_settings(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Load settings from the environment, then the test overrides."""
    app.config.update(config.from_environment(Path(app.instance_path)))
    app.config.update(test_config or {})


def configure_database(app: Flask) -> None:
    """Bind SQLAlchemy and Alembic (migrations live in the top-level migrations/)."""
    from exchange import sqlite

    db.init_app(app)
    sqlite.install(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True
    )


def configure_accounts(app: Flask) -> None:
    """Sign-in with Flask-Login, CSRF on every form."""
    from exchange.auth import access

    login_manager.init_app(app)
    csrf.init_app(app)
    access.install(app)


def configure_i18n(app: Flask) -> None:
    """Ukrainian and English through Flask-Babel."""
    from exchange import labels, names, navigation
    from exchange.i18n import compiled_catalogs, select_locale

    navigation.install(app)
    labels.install(app)
    names.install(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(compiled_catalogs(Path(app.instance_path))),
    )


def configure_classification() -> None:
    """Recompute a person's category whenever their facts change, before each commit."""
    from exchange.classification import hooks

    hooks.install()


def configure_computed(app: Flask) -> None:
    """Keep whole-registry results until a commit changes the registry (after the recompute),
    and compute the main ones again in the background after a change."""
    from exchange import computed, warming

    computed.install()
    warming.install(app)


def register_blueprints(app: Flask) -> None:
    """Register every feature blueprint that is present."""
    for name in BLUEPRINT_MODULES:
        package = name.rsplit(".", 1)[0]
        if importlib.util.find_spec(package) is None or importlib.util.find_spec(name) is None:
            continue
        app.register_blueprint(importlib.import_module(name).bp)


def register_cli(app: Flask) -> None:
    """Add the commands of every module in exchange.cli (each has `register(app)`)."""
    import exchange.cli

    for info in sorted(pkgutil.iter_modules(exchange.cli.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"exchange.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


def configure_errors(app: Flask) -> None:
    """Friendly error pages; never a stack trace shown to users."""
    from exchange.errors import install

    install(app)


def configure_security_headers(app: Flask) -> None:
    """Strict headers on every response; refuse to start in debug mode or without defusedxml."""
    from exchange import web_security

    web_security.check_startup(app)
    web_security.install(app)
