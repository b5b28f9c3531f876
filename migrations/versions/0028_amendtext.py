"""An amendment's text in a table of its own (amendment_text), out of the amendment's row.

SQLite rewrites a whole row for any UPDATE of it: a merge marking the amendments it checked, moving
those it broke to *needs update*, a state change or a decision rewrote each amendment's 330 KB text
(in a congress) with its few changed columns. The texts are copied as they are, then the column goes
(batch mode: SQLite copies the table without it). Going down copies them back.

Revision ID: 0028_amendtext
Revises: 0027_sealed_totp
"""
import sqlalchemy as sa
from alembic import op

revision = '0028_amendtext'
down_revision = '0027_sealed_totp'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'amendment_text',
        sa.Column('amendment_id', sa.Integer(), nullable=False),
        sa.Column('markdown', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name='fk_amendment_text_amendment_id_amendment'),
        sa.PrimaryKeyConstraint('amendment_id', name='pk_amendment_text'),
    )
    op.execute("INSERT INTO amendment_text (amendment_id, markdown) SELECT id, markdown FROM amendment")
    with op.batch_alter_table('amendment') as batch:
        batch.drop_column('markdown')


def downgrade():
    # Added empty, filled, then made NOT NULL as it was (SQLite: batch mode copies the table once more).
    with op.batch_alter_table('amendment') as batch:
        batch.add_column(sa.Column('markdown', sa.Text(), nullable=True))
    op.execute("UPDATE amendment SET markdown = (SELECT amendment_text.markdown FROM amendment_text "
               "WHERE amendment_text.amendment_id = amendment.id)")
    op.execute("UPDATE amendment SET markdown = '' WHERE markdown IS NULL")
    with op.batch_alter_table('amendment') as batch:
        batch.alter_column('markdown', existing_type=sa.Text(), nullable=False)
    op.drop_table('amendment_text')
