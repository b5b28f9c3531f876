"""Ranked votes between competing amendments (issue 15): a vote's method and count, a ballot's ranking,
the sets of variants.

The new columns are added in place (ALTER TABLE … ADD COLUMN), never by a batch rebuild: ballot_event
keeps its append-only triggers. The amendment state *not_retained* needs no schema change.

Revision ID: 0020_ranked
Revises: 0019_congress
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_ranked'
down_revision = '0019_congress'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('vote', sa.Column('method', sa.String(length=16), nullable=False, server_default='approval'))
    op.add_column('vote', sa.Column('result_json', sa.Text(), nullable=True))
    op.add_column('ballot', sa.Column('ranking', sa.Text(), nullable=True))
    op.add_column('ballot_event', sa.Column('ranking', sa.Text(), nullable=True))
    op.create_table('variant_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('adopted_amendment_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['adopted_amendment_id'], ['amendment.id'],
                            name=op.f('fk_variant_set_adopted_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_variant_set_created_by_id_person')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_variant_set_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variant_set'))
    )
    op.create_index(op.f('ix_variant_set_document_id'), 'variant_set', ['document_id'], unique=False)
    op.create_table('variant_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variant_set_id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_variant_member_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['variant_set_id'], ['variant_set.id'],
                            name=op.f('fk_variant_member_variant_set_id_variant_set')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variant_member')),
    sa.UniqueConstraint('variant_set_id', 'amendment_id', name=op.f('uq_variant_member_variant_set_id_amendment_id'))
    )
    op.create_index(op.f('ix_variant_member_variant_set_id'), 'variant_member', ['variant_set_id'], unique=False)
    op.create_index(op.f('ix_variant_member_amendment_id'), 'variant_member', ['amendment_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_variant_member_amendment_id'), table_name='variant_member')
    op.drop_index(op.f('ix_variant_member_variant_set_id'), table_name='variant_member')
    op.drop_table('variant_member')
    op.drop_index(op.f('ix_variant_set_document_id'), table_name='variant_set')
    op.drop_table('variant_set')
    # SQLite drops a column in place since 3.35 (no rebuild: ballot_event keeps its triggers).
    op.drop_column('ballot_event', 'ranking')
    op.drop_column('ballot', 'ranking')
    op.drop_column('vote', 'result_json')
    op.drop_column('vote', 'method')
