"""Comments on an application to join: a comment belongs to a document or to an application.

Revision ID: 0008_application_comments
Revises: 0007
Create Date: 2026-11-24 02:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_application_comments'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.alter_column('document_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f('ix_comment_application_id'), ['application_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_comment_application_id_application'), 'application',
                                    ['application_id'], ['id'])
        batch_op.create_check_constraint('has_subject',
                                         'document_id IS NOT NULL OR application_id IS NOT NULL')


def downgrade():
    # Comments on applications have no document: they (and what hangs on them) go before document_id
    # is required again. Replies first, then the threads.
    for table, column in (('comment_edit', 'comment_id'), ('comment_anchor', 'comment_id')):
        op.execute(f"DELETE FROM {table} WHERE {column} IN "
                   "(SELECT id FROM comment WHERE application_id IS NOT NULL)")
    op.execute("DELETE FROM comment WHERE application_id IS NOT NULL AND parent_id IS NOT NULL")
    op.execute("DELETE FROM comment WHERE application_id IS NOT NULL")
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_comment_has_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_comment_application_id_application'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_comment_application_id'))
        batch_op.alter_column('document_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('application_id')
