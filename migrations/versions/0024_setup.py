"""The collective's identity and the one-time code of its first start (issue 17.2).

Revision ID: 0024_setup
Revises: 0023_private_applications
"""
from alembic import op
import sqlalchemy as sa

revision = '0024_setup'
down_revision = '0023_private_applications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'collective',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), server_default='', nullable=False),
        sa.Column('short_name', sa.String(length=40), server_default='', nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('languages', sa.String(length=64), server_default='fr', nullable=False),
        sa.Column('contact_email', sa.String(length=254), server_default='', nullable=False),
        sa.Column('logo_png', sa.LargeBinary(), nullable=True),
        sa.Column('logo_version', sa.String(length=16), nullable=True),
        sa.Column('setup_code_hash', sa.String(length=64), nullable=True),
        sa.Column('setup_code_at', sa.DateTime(), nullable=True),
        sa.Column('set_up_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_collective')),
    )


def downgrade():
    op.drop_table('collective')
