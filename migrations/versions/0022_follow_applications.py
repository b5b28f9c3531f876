"""Following a membership application: a watch names an application instead of a document.

Revision ID: 0022_follow_applications
Revises: 0021_accounts
"""
from alembic import op
import sqlalchemy as sa

revision = '0022_follow_applications'
down_revision = '0021_accounts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('watch', schema=None) as batch_op:
        batch_op.alter_column('document_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_watch_application_id_application'), 'application',
                                    ['application_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_watch_application_id'), ['application_id'], unique=False)


def downgrade():
    op.execute("DELETE FROM watch WHERE document_id IS NULL")
    with op.batch_alter_table('watch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_watch_application_id'))
        batch_op.drop_constraint(batch_op.f('fk_watch_application_id_application'), type_='foreignkey')
        batch_op.drop_column('application_id')
        batch_op.alter_column('document_id', existing_type=sa.Integer(), nullable=False)
