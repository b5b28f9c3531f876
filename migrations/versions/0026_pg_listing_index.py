"""PostgreSQL: the open amendments of a text found by a narrow index, not the covering one of SQLite.

The covering index of migration 0019 holds each amendment's list of changed clauses; PostgreSQL refuses
an index entry over 8 KB, so that an amendment rewriting some 700 clauses could not be saved (a 500).
PostgreSQL keeps long texts out of line already: what the index spared SQLite it never needed. SQLite
keeps its covering index.

Revision ID: 0026_pg_listing_index
Revises: 0025_mergecost
"""
from alembic import op

revision = '0026_pg_listing_index'
down_revision = '0025_mergecost'
branch_labels = None
depends_on = None

COVERING = ['document_id', 'status', 'id', 'changed_clauses_json', 'target_clause_id', 'created_at', 'author_id',
            'organisation_id', 'title', 'checked_number']


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_index('ix_amendment_listing', table_name='amendment')
    op.create_index('ix_amendment_open', 'amendment', ['document_id', 'status', 'id'])


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_index('ix_amendment_open', table_name='amendment')
    op.create_index('ix_amendment_listing', 'amendment', COVERING)
