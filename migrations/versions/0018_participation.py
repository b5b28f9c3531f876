"""Participation (issue 19). Watches: who follows which text, clause or amendment. Search: the index of what is found (clauses of the current texts, amendments, comments, organisations).

PostgreSQL: the unaccent extension and a tsvector column under a GIN index. SQLite: the FTS5
table `search_fts` beside it (rowid = search_entry.id). The index starts empty: run
`flask rebuild-search` once after this upgrade to index what already exists.

Revision ID: 0018_participation
Revises: 0014_security
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0018_participation'
down_revision = '0014_security'
branch_labels = None
depends_on = None

CREATE_FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
              "title, body, tokenize = 'unicode61 remove_diacritics 2')")


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS unaccent')
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('document_slug', sa.String(length=64), nullable=True),
    sa.Column('clause_id', sa.String(length=16), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('vector', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_search_entry_kind_key'))
    )
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entry_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_search_entry_vector', ['vector'], unique=False, postgresql_using='gin')
    if dialect == 'sqlite':
        op.execute(CREATE_FTS)
    op.create_table('watch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('clause_id', sa.String(length=16), nullable=True),
    sa.Column('amendment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_watch_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_watch_document_id_document')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_watch_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch')),
    sa.UniqueConstraint('person_id', 'target', name=op.f('uq_watch_person_id_target'))
    )
    with op.batch_alter_table('watch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_watch_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_watch_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_watch_person_id'), ['person_id'], unique=False)


def downgrade():
    op.drop_table('watch')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TABLE IF EXISTS search_fts')
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_search_entry_vector', postgresql_using='gin')
        batch_op.drop_index(batch_op.f('ix_search_entry_document_id'))
    op.drop_table('search_entry')
