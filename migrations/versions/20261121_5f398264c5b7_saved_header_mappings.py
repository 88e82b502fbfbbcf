"""Saved header mappings: an organisation's header -> canonical column choices, reused monthly.

Revision ID: 5f398264c5b7
Revises: 1358e710e0d9
Create Date: 2026-11-21 23:43:03.755293

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f398264c5b7'
down_revision = '1358e710e0d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_header_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('header_key', sa.String(length=200), nullable=False),
    sa.Column('header', sa.String(length=200), nullable=False),
    sa.Column('column', sa.String(length=60), nullable=False),
    sa.Column('updated_by_label', sa.String(length=254), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_saved_header_mapping_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_header_mapping')),
    sa.UniqueConstraint('organisation_id', 'header_key', name='uq_saved_header_mapping_org_key')
    )
    with op.batch_alter_table('saved_header_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_header_mapping_organisation_id'), ['organisation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('saved_header_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_header_mapping_organisation_id'))

    op.drop_table('saved_header_mapping')
