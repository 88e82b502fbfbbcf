"""The schema comes from the migrations, and the migrations match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from exchange.extensions import db
from exchange.models import Base, Organisation

COALITION = {"ARPPK", "CHRG", "ZMINA", "MIHR", "UHHRU", "CCL", "CRIMEASOS", "PRPP"}


def test_models_match_migrations(session):
    connection = session.connection()
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_first_migration_seeds_the_coalition_members(session):
    codes = set(session.scalars(db.select(Organisation.code)))
    assert codes >= COALITION


def test_every_model_table_exists(session):
    tables = set(inspect(session.connection()).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_sqlite_has_foreign_keys_and_wal(session):
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
