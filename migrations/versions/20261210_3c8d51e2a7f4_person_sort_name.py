"""The registry sorted by an index: person.sort_name (Ukrainian alphabetical order, a Latin
name by its derived Cyrillic form) and source_record (person_id, list_month) for the latest
listing. Existing persons get their sort name here.

Revision ID: 3c8d51e2a7f4
Revises: 5e1f0a7c2b91
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa

from exchange.models.person import name_sort_text

# revision identifiers, used by Alembic.
revision = '3c8d51e2a7f4'
down_revision = '5e1f0a7c2b91'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_name', sa.String(length=400), nullable=True))
        batch_op.create_index(batch_op.f('ix_person_sort_name'), ['sort_name'], unique=False)
    with op.batch_alter_table('source_record', schema=None) as batch_op:
        batch_op.create_index('ix_source_record_person_month', ['person_id', 'list_month'],
                              unique=False)
    person = sa.table('person', sa.column('id', sa.Integer), sa.column('surname', sa.String),
                      sa.column('given_name', sa.String), sa.column('patronymic', sa.String),
                      sa.column('sort_name', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(person.c.id, person.c.surname, person.c.given_name,
                                         person.c.patronymic)).all()
    update = person.update().where(person.c.id == sa.bindparam('pid')).values(
        sort_name=sa.bindparam('key'))
    for start in range(0, len(rows), BATCH):
        connection.execute(update, [{'pid': r.id, 'key': name_sort_text(r.surname, r.given_name,
                                                                         r.patronymic)}
                                    for r in rows[start:start + BATCH]])


def downgrade():
    with op.batch_alter_table('source_record', schema=None) as batch_op:
        batch_op.drop_index('ix_source_record_person_month')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_sort_name'))
        batch_op.drop_column('sort_name')
