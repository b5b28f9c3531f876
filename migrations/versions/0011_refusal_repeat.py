"""A counter beside each refused attempt's entry, so that a flood of identical refusals is one entry.

Revision ID: 0011_refusal_repeat
Revises: 0010_amendment_checked
Create Date: 2026-11-24 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_refusal_repeat'
down_revision = '0010_amendment_checked'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('refusal_repeat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['audit_entry.id'], name=op.f('fk_refusal_repeat_entry_id_audit_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refusal_repeat')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_refusal_repeat_entry_id')),
    sa.UniqueConstraint('key', 'window_start', name=op.f('uq_refusal_repeat_key_window_start'))
    )


def downgrade():
    op.drop_table('refusal_repeat')
