"""Repatriation: stages and sources on status events, flags after a month's lists, the
rehabilitation checklist.

Existing status events get the stage their release status means (`detained` ->
`reported`) and a source: a member's list when they came from one, else a coordinator.

Revision ID: b15c52fb78d1
Revises: 8fa95c30c9bc
Create Date: 2026-12-04 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b15c52fb78d1'
down_revision = '8fa95c30c9bc'
branch_labels = None
depends_on = None

STAGES = ('reported', 'identified', 'verified', 'listed', 'in_exchange', 'released',
          'exchanged', 'repatriated', 'rehabilitation', 'closed', 'deceased', 'missing',
          'excluded')
SOURCES = ('member_list', 'joint_list', 'exchange_round', 'coordinator')
FLAG_KINDS = ('members_disagree', 'dropped_while_held', 'lists_contradict_stage')
CHECKLIST_STATUSES = ('open', 'in_progress', 'done', 'not_needed')
JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def upgrade():
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', _enum(STAGES, 'repatriation_stage'), nullable=True))
        batch_op.add_column(sa.Column('recorded_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_kind', _enum(SOURCES, 'event_source'), nullable=True))
        batch_op.add_column(sa.Column('source_ref', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_label', sa.String(length=300), nullable=True))
    op.execute(
        "UPDATE status_event SET stage = CASE status WHEN 'detained' THEN 'reported' "
        "ELSE status END, source_kind = CASE WHEN list_month IS NOT NULL "
        "OR source_record_id IS NOT NULL THEN 'member_list' ELSE 'coordinator' END"
    )
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.alter_column('stage', existing_type=_enum(STAGES, 'repatriation_stage'),
                              nullable=False)
        batch_op.alter_column('source_kind', existing_type=_enum(SOURCES, 'event_source'),
                              nullable=False)
        batch_op.create_index(batch_op.f('ix_status_event_stage'), ['stage'], unique=False)

    op.create_table('repatriation_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', _enum(FLAG_KINDS, 'repatriation_flag_kind'), nullable=False),
    sa.Column('list_month', sa.String(length=7), nullable=False),
    sa.Column('detail', JSON, nullable=True),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_repatriation_flag_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repatriation_flag')),
    sa.UniqueConstraint('person_id', 'kind', 'list_month', name=op.f('uq_repatriation_flag_person_id'))
    )
    with op.batch_alter_table('repatriation_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repatriation_flag_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_repatriation_flag_list_month'), ['list_month'], unique=False)
        batch_op.create_index(batch_op.f('ix_repatriation_flag_resolved_at'), ['resolved_at'], unique=False)

    op.create_table('rehabilitation_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('status', _enum(CHECKLIST_STATUSES, 'checklist_status'), nullable=False),
    sa.Column('status_on', sa.String(length=10), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_rehabilitation_item_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rehabilitation_item')),
    sa.UniqueConstraint('person_id', 'item', name=op.f('uq_rehabilitation_item_person_id'))
    )
    with op.batch_alter_table('rehabilitation_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rehabilitation_item_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rehabilitation_item_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('rehabilitation_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rehabilitation_item_status'))
        batch_op.drop_index(batch_op.f('ix_rehabilitation_item_person_id'))
    op.drop_table('rehabilitation_item')
    with op.batch_alter_table('repatriation_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repatriation_flag_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_repatriation_flag_list_month'))
        batch_op.drop_index(batch_op.f('ix_repatriation_flag_person_id'))
    op.drop_table('repatriation_flag')
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_event_stage'))
        # the enum CHECKs name the columns: drop them first or the copied table keeps them
        batch_op.drop_constraint(batch_op.f('ck_status_event_repatriation_stage'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_status_event_event_source'), type_='check')
        batch_op.drop_column('source_label')
        batch_op.drop_column('source_ref')
        batch_op.drop_column('source_kind')
        batch_op.drop_column('recorded_by')
        batch_op.drop_column('stage')
