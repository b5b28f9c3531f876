"""Amendments remember the latest version they are known to apply to.

Revision ID: 0010_amendment_checked
Revises: 0009_mail_and_audit
Create Date: 2026-11-24 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_amendment_checked'
down_revision = '0009_mail_and_audit'
branch_labels = None
depends_on = None


def upgrade():
    # Existing amendments start unknown (NULL): the next merge checks them in full once.
    with op.batch_alter_table('amendment') as batch_op:
        batch_op.add_column(sa.Column('checked_number', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('amendment') as batch_op:
        batch_op.drop_column('checked_number')
