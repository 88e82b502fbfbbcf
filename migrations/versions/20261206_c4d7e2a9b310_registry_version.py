"""Registry version: one row whose token every commit that writes registry data replaces,
so results computed from the whole registry are kept until it changes (exchange.computed).

Revision ID: c4d7e2a9b310
Revises: 5e1f0a7c2b91
Create Date: 2026-12-06 10:00:00

"""
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d7e2a9b310'
down_revision = '5e1f0a7c2b91'
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


def downgrade():
    op.drop_table('registry_version')
