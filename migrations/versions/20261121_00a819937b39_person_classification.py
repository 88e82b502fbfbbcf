"""Person classification: computed category and eligibility, review state, reviewer's override.

Revision ID: 00a819937b39
Revises: 5f398264c5b7
Create Date: 2026-11-21 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '00a819937b39'
down_revision = '5f398264c5b7'
branch_labels = None
depends_on = None

CATEGORIES = ('war_crime_exchange', 'volunteers', 'transfer', 'non_violent_amnesty',
              'secret_prison', 'civilians', 'unclassified')


def upgrade():
    op.create_table('person_classification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum(*CATEGORIES, name='classification_category', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('rule', sa.String(length=60), nullable=False),
    sa.Column('measure', sa.Integer(), nullable=True),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('eligibility', sa.String(length=60), nullable=False),
    sa.Column('unknown_fields', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('explanation', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('ruleset_version', sa.String(length=40), nullable=False),
    sa.Column('facts_digest', sa.String(length=64), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('review_reasons', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('override_category', sa.Enum(*CATEGORIES, name='classification_override_category', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('override_eligibility', sa.String(length=60), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('override_by_id', sa.Integer(), nullable=True),
    sa.Column('override_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('override_basis', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['override_by_id'], ['user_account.id'], name=op.f('fk_person_classification_override_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_classification_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_person_classification_reviewed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_classification'))
    )
    with op.batch_alter_table('person_classification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_classification_person_id'), ['person_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_person_classification_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_classification_eligibility'), ['eligibility'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_classification_provisional'), ['provisional'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_classification_needs_review'), ['needs_review'], unique=False)


def downgrade():
    with op.batch_alter_table('person_classification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_classification_needs_review'))
        batch_op.drop_index(batch_op.f('ix_person_classification_provisional'))
        batch_op.drop_index(batch_op.f('ix_person_classification_eligibility'))
        batch_op.drop_index(batch_op.f('ix_person_classification_category'))
        batch_op.drop_index(batch_op.f('ix_person_classification_person_id'))

    op.drop_table('person_classification')
