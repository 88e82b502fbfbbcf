"""Review items per record: why (reason), how much it matters (priority), the candidate's
record a "same person" decision waives, and the constraint a join would break.

A record whose items say `ambiguous` or `duplicate` stays attached to no person
(source_record.person_id NULL) until a reviewer decides: it is pending. No data changes:
items written before keep NULL in the new columns.

Revision ID: 4e9e8a3cd86d
Revises: 3c8d51e2a7f4
Create Date: 2026-12-04 20:54:42.482009

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e9e8a3cd86d'
down_revision = '3c8d51e2a7f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('priority', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('candidate_record_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('conflict', sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_review_item_candidate_record_id_source_record'), 'source_record', ['candidate_record_id'], ['id'])


def downgrade():
    with op.batch_alter_table('review_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_item_candidate_record_id_source_record'), type_='foreignkey')
        batch_op.drop_column('conflict')
        batch_op.drop_column('candidate_record_id')
        batch_op.drop_column('priority')
        batch_op.drop_column('reason')
