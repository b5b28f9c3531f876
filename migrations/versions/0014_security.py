"""Tokens that expire and die with a password change; one amendment per sent form.

- person.password_changed_at: API tokens issued before it are refused (issue 22.7).
- api_token.expires_at: a token lasts PALABRE_TOKEN_DAYS (90 by default). Tokens issued before this revision
  get the same time from the upgrade on, so that none dies by surprise.
- amendment.submission_key: the random key of the form that sent it; the same form sent twice (or three
  times at once) gives back the amendment already made instead of a copy (issue 22.18).

Revision ID: 0014_security
Revises: 0013_record_chain
Create Date: 2026-12-03 07:00:00

"""
from datetime import datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_security'
down_revision = '0013_record_chain'
branch_labels = None
depends_on = None

TOKEN_DAYS = 90


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_changed_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
    expires = (datetime.now(timezone.utc) + timedelta(days=TOKEN_DAYS)).replace(tzinfo=None)
    op.execute(sa.text("UPDATE api_token SET expires_at = :expires").bindparams(expires=expires))
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_amendment_submission_key'), ['submission_key'])


def downgrade():
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_amendment_submission_key'), type_='unique')
        batch_op.drop_column('submission_key')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('password_changed_at')
