"""The generation: one number bumped by every transaction that writes (pages kept for visitors).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # No row yet: the first write makes it (INSERT … ON CONFLICT in app/caching/generation.py).
    op.create_table('generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generation'))
    )


def downgrade():
    op.drop_table('generation')
