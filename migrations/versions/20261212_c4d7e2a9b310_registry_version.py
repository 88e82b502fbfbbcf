"""Registry version: one row whose token every commit that writes registry data replaces,
so results computed from the whole registry are kept until it changes (exchange.computed);
a person's fields in conflict kept beside the provenance they come from.

Revision ID: c4d7e2a9b310
Revises: 4e9e8a3cd86d
Create Date: 2026-12-06 10:00:00

"""
import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d7e2a9b310'
down_revision = '4e9e8a3cd86d'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('registry_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'token': uuid.uuid4().hex,
                            'changed_at': datetime.now(UTC)}])
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conflict_fields', sa.String(length=300), nullable=True))
    _fill_conflict_fields()


def _conflicts_text(provenance):
    """The same rule as exchange.models.person.conflicts_text, frozen at this revision."""
    if not provenance:
        return None
    fields = sorted(name for name, choice in provenance.items()
                    if isinstance(choice, dict) and choice.get('conflict'))
    return f";{';'.join(fields)};" if fields else ''


def _fill_conflict_fields():
    person = sa.table('person', sa.column('id', sa.Integer),
                      sa.column('field_provenance', sa.JSON),
                      sa.column('conflict_fields', sa.String))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(person.c.id, person.c.field_provenance)
                            .where(person.c.id > last, person.c.field_provenance.isnot(None))
                            .order_by(person.c.id).limit(1000)).all()
        if not rows:
            return
        for pid, provenance in rows:
            if isinstance(provenance, str):
                provenance = json.loads(provenance)
            bind.execute(person.update().where(person.c.id == pid)
                         .values(conflict_fields=_conflicts_text(provenance)))
        last = rows[-1][0]


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('conflict_fields')
    op.drop_table('registry_version')
