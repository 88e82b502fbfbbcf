"""Exchange rounds: rounds, the persons on them, versions as sent, the other side's files.

A person is on at most one open round: round_entry.open_person_id is unique and set only
while the round holds the person.

Revision ID: e0f5bff181bc
Revises: 89a0bae44e83
Create Date: 2026-12-04 18:42:48.141161

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')

# revision identifiers, used by Alembic.
revision = 'e0f5bff181bc'
down_revision = '89a0bae44e83'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exchange_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('round_type', sa.Enum('exchange', 'release', 'amnesty', 'transfer', 'demand_records', name='round_type', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'verified', 'executed', 'closed', 'cancelled', name='round_state', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('categories', JSON, nullable=False),
    sa.Column('planned_on', sa.String(length=10), nullable=True),
    sa.Column('executed_on', sa.String(length=10), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('list_changed', sa.Boolean(), nullable=False),
    sa.Column('created_by_label', sa.String(length=254), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_exchange_round_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_round')),
    sa.UniqueConstraint('name', name=op.f('uq_exchange_round_name'))
    )
    with op.batch_alter_table('exchange_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_round_state'), ['state'], unique=False)

    op.create_table('round_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('counterpart', 'reply', 'outcomes', name='round_file_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('answer_column', sa.String(length=200), nullable=True),
    sa.Column('counts', JSON, nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.Column('imported_by_label', sa.String(length=254), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['exchange_round.id'], name=op.f('fk_round_file_round_id_exchange_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_file'))
    )
    with op.batch_alter_table('round_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_file_round_id'), ['round_id'], unique=False)

    op.create_table('round_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('rows', JSON, nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('submitted_by_label', sa.String(length=254), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['exchange_round.id'], name=op.f('fk_round_version_round_id_exchange_round')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_round_version_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_version')),
    sa.UniqueConstraint('round_id', 'number', name='uq_round_version_number')
    )
    with op.batch_alter_table('round_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_version_round_id'), ['round_id'], unique=False)

    op.create_table('round_file_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('raw', JSON, nullable=False),
    sa.Column('values', JSON, nullable=False),
    sa.Column('answer', sa.String(length=40), nullable=True),
    sa.Column('answer_text', sa.String(length=300), nullable=True),
    sa.Column('match', sa.Enum('matched', 'review', 'unmatched', name='round_row_match', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('candidate_person_id', sa.Integer(), nullable=True),
    sa.Column('probability', sa.Float(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('resolved_by', sa.String(length=254), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['candidate_person_id'], ['person.id'], name=op.f('fk_round_file_row_candidate_person_id_person')),
    sa.ForeignKeyConstraint(['file_id'], ['round_file.id'], name=op.f('fk_round_file_row_file_id_round_file')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_round_file_row_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_file_row'))
    )
    with op.batch_alter_table('round_file_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_file_row_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_file_row_person_id'), ['person_id'], unique=False)

    op.create_table('round_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('open_person_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('added_by_label', sa.String(length=254), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('identity_confirmed_flags', JSON, nullable=True),
    sa.Column('identity_confirmed_by', sa.String(length=254), nullable=True),
    sa.Column('identity_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reply_status', sa.Enum('confirmed', 'not_found', 'refused', 'different_person', 'no_answer', name='reply_status', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('reply_row_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('returned', 'not_handed_over', 'died', 'refused_to_return', name='round_outcome', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=True),
    sa.Column('outcome_on', sa.String(length=10), nullable=True),
    sa.Column('outcome_by', sa.String(length=254), nullable=True),
    sa.Column('outcome_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['open_person_id'], ['person.id'], name=op.f('fk_round_entry_open_person_id_person')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_round_entry_person_id_person')),
    sa.ForeignKeyConstraint(['reply_row_id'], ['round_file_row.id'], name=op.f('fk_round_entry_reply_row_id_round_file_row')),
    sa.ForeignKeyConstraint(['round_id'], ['exchange_round.id'], name=op.f('fk_round_entry_round_id_exchange_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_entry')),
    sa.UniqueConstraint('open_person_id', name=op.f('uq_round_entry_open_person_id')),
    sa.UniqueConstraint('round_id', 'person_id', name='uq_round_entry_person')
    )
    with op.batch_alter_table('round_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_entry_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_entry_round_id'), ['round_id'], unique=False)



def downgrade():
    with op.batch_alter_table('round_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_entry_round_id'))
        batch_op.drop_index(batch_op.f('ix_round_entry_person_id'))

    op.drop_table('round_entry')
    with op.batch_alter_table('round_file_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_file_row_person_id'))
        batch_op.drop_index(batch_op.f('ix_round_file_row_file_id'))

    op.drop_table('round_file_row')
    with op.batch_alter_table('round_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_version_round_id'))

    op.drop_table('round_version')
    with op.batch_alter_table('round_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_file_round_id'))

    op.drop_table('round_file')
    with op.batch_alter_table('exchange_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_round_state'))

    op.drop_table('exchange_round')
