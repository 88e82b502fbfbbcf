"""Saved value mappings: an organisation's cell text -> canonical value choices, reused monthly.

Revision ID: 8fa95c30c9bc
Revises: e0f5bff181bc
Create Date: 2026-12-04 18:50:41.785111

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8fa95c30c9bc'
down_revision = 'e0f5bff181bc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_value_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('column', sa.String(length=60), nullable=False),
    sa.Column('value_key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('canonical', sa.String(length=200), nullable=False),
    sa.Column('updated_by_label', sa.String(length=254), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_saved_value_mapping_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_value_mapping')),
    sa.UniqueConstraint('organisation_id', 'column', 'value_key', name='uq_saved_value_mapping_org_column_key')
    )
    with op.batch_alter_table('saved_value_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_value_mapping_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_value_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_value_mapping_organisation_id'))

    op.drop_table('saved_value_mapping')
