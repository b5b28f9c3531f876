"""The amendment list, the margin and the check after a merge read a few columns of 2,000 amendments.

An amendment row holds the whole proposed text (330 KB in a congress); SQLite keeps it
inline, so reading any column stored after it walks the text's overflow pages: 700 MB read
to count the amendments of each clause. This index holds every column those reads need, so
that they never touch the table (PostgreSQL keeps long texts apart anyway, and uses it too).

Revision ID: 0019_congress
Revises: 0018_participation
Create Date: 2026-12-03 06:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_congress'
down_revision = '0018_participation'
branch_labels = None
depends_on = None

COLUMNS = ['document_id', 'status', 'id', 'changed_clauses_json', 'target_clause_id', 'created_at',
           'author_id', 'organisation_id', 'title', 'checked_number']


def upgrade():
    op.create_index('ix_amendment_listing', 'amendment', COLUMNS)


def downgrade():
    op.drop_index('ix_amendment_listing', table_name='amendment')
