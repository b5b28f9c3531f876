"""Comments with their edit history and their anchor in each version; in-app notifications.

Revision ID: 8331ca99472f
Revises: 0003
Create Date: 2026-11-24 01:01:54.433446

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('params_json', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_notification_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_person_id'), ['person_id'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('amendment_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('clause_id', sa.String(length=16), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('quote_prefix', sa.Text(), nullable=False),
    sa.Column('quote_suffix', sa.Text(), nullable=False),
    sa.Column('quote_offset', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_comment_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], name=op.f('fk_comment_author_id_person')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_comment_document_id_document')),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['person.id'], name=op.f('fk_comment_hidden_by_id_person')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_comment_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['parent_id'], ['comment.id'], name=op.f('fk_comment_parent_id_comment')),
    sa.ForeignKeyConstraint(['version_id'], ['version.id'], name=op.f('fk_comment_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_version_id'), ['version_id'], unique=False)

    op.create_table('comment_anchor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('clause_id', sa.String(length=16), nullable=True),
    sa.Column('quote_offset', sa.Integer(), nullable=True),
    sa.Column('is_outdated', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_comment_anchor_comment_id_comment')),
    sa.ForeignKeyConstraint(['version_id'], ['version.id'], name=op.f('fk_comment_anchor_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_anchor')),
    sa.UniqueConstraint('comment_id', 'version_id', name=op.f('uq_comment_anchor_comment_id_version_id'))
    )
    with op.batch_alter_table('comment_anchor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_anchor_version_id'), ['version_id'], unique=False)

    op.create_table('comment_edit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_comment_edit_comment_id_comment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_edit'))
    )
    with op.batch_alter_table('comment_edit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_edit_comment_id'), ['comment_id'], unique=False)



def downgrade():
    with op.batch_alter_table('comment_edit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_edit_comment_id'))

    op.drop_table('comment_edit')
    with op.batch_alter_table('comment_anchor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_anchor_version_id'))

    op.drop_table('comment_anchor')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_version_id'))
        batch_op.drop_index(batch_op.f('ix_comment_parent_id'))
        batch_op.drop_index(batch_op.f('ix_comment_document_id'))
        batch_op.drop_index(batch_op.f('ix_comment_amendment_id'))

    op.drop_table('comment')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_person_id'))

    op.drop_table('notification')
