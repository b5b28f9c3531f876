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
    # Plain ALTER TABLE, no batch: SQLite's batch mode copies and drops the table, which its foreign keys
    # refuse as soon as rows point at it (an api_token at its person).
    op.add_column('person', sa.Column('password_changed_at', sa.DateTime(), nullable=True))
    op.add_column('api_token', sa.Column('expires_at', sa.DateTime(), nullable=True))
    expires = (datetime.now(timezone.utc) + timedelta(days=TOKEN_DAYS)).replace(tzinfo=None)
    op.execute(sa.text("UPDATE api_token SET expires_at = :expires").bindparams(expires=expires))
    op.add_column('amendment', sa.Column('submission_key', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_amendment_submission_key'), 'amendment', ['submission_key'], unique=True)


def _drop_column(table: str, column: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # SQLite 3.35+, without copying the table
    else:
        op.drop_column(table, column)


def downgrade():
    op.drop_index(op.f('ix_amendment_submission_key'), table_name='amendment')
    _drop_column('amendment', 'submission_key')
    _drop_column('api_token', 'expires_at')
    _drop_column('person', 'password_changed_at')
