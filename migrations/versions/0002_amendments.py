"""Amendments, their revisions and state changes; versions point to the amendment that produced them.

Revision ID: cd00933262b2
Revises: 0001
Create Date: 2026-11-24 00:17:31.326943

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('base_version_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('target_clause_id', sa.String(length=16), nullable=True),
    sa.Column('changed_clauses_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=False),
    sa.Column('merged_version_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], name=op.f('fk_amendment_author_id_person')),
    sa.ForeignKeyConstraint(['base_version_id'], ['version.id'], name=op.f('fk_amendment_base_version_id_version')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_amendment_document_id_document')),
    sa.ForeignKeyConstraint(['merged_version_id'], ['version.id'], name=op.f('fk_amendment_merged_version_id_version')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_amendment_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment'))
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_status'), ['status'], unique=False)

    op.create_table('amendment_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_amendment_event_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['by_id'], ['person.id'], name=op.f('fk_amendment_event_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment_event'))
    )
    with op.batch_alter_table('amendment_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_event_amendment_id'), ['amendment_id'], unique=False)

    op.create_table('amendment_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('base_version_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_amendment_revision_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], name=op.f('fk_amendment_revision_author_id_person')),
    sa.ForeignKeyConstraint(['base_version_id'], ['version.id'], name=op.f('fk_amendment_revision_base_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment_revision')),
    sa.UniqueConstraint('amendment_id', 'number', name=op.f('uq_amendment_revision_amendment_id_number'))
    )
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_version_amendment_id_amendment'), 'amendment', ['amendment_id'], ['id'])


def downgrade():
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_version_amendment_id_amendment'), type_='foreignkey')
    op.drop_table('amendment_revision')
    with op.batch_alter_table('amendment_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_event_amendment_id'))

    op.drop_table('amendment_event')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_status'))
        batch_op.drop_index(batch_op.f('ix_amendment_document_id'))

    op.drop_table('amendment')
