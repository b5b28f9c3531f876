"""An amendment's checked_number now stands for every merge after it (app/amendments/checks.py).

Before, each merge wrote the head's number into every amendment still known to apply (on SQLite,
an UPDATE going through each amendment's whole row, its text included). Now a merge writes nothing for the amendments it did
not have to check, and a mark is trusted for all the merges made since it: marks that did not
mean "known to apply to the head" are forgotten (an open amendment marked at an older version,
any amendment outside draft and discussion), so that they are checked in full, as before.
No table is rebuilt.

Revision ID: 0025_mergecost
Revises: 0024_setup
"""
from alembic import op

revision = '0025_mergecost'
down_revision = '0024_setup'
branch_labels = None
depends_on = None

HEAD = "(SELECT document.head_number FROM document WHERE document.id = amendment.document_id)"
LAST_UNMERGED = ("(SELECT MAX(version.number) FROM version WHERE version.document_id = amendment.document_id"
                 " AND version.amendment_id IS NULL)")


def upgrade():
    op.execute("UPDATE amendment SET checked_number = NULL WHERE checked_number IS NOT NULL AND "
               f"(status NOT IN ('draft', 'discussion') OR checked_number < {HEAD})")


def downgrade():
    # Back to one mark per merge: the head for those known to apply to it, nothing for the others.
    op.execute(f"UPDATE amendment SET checked_number = {HEAD} WHERE status IN ('draft', 'discussion') "
               f"AND checked_number IS NOT NULL AND checked_number >= {LAST_UNMERGED}")
    op.execute("UPDATE amendment SET checked_number = NULL WHERE checked_number IS NOT NULL AND "
               f"(status NOT IN ('draft', 'discussion') OR checked_number < {HEAD})")
