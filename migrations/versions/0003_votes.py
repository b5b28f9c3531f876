"""Votes with the rules copied when they open, one ballot per organisation, the record of every cast.

Revision ID: d5674b55f14b
Revises: 0002
Create Date: 2026-11-24 00:32:14.924675

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('eligible_count', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('count_for', sa.Integer(), nullable=False),
    sa.Column('count_against', sa.Integer(), nullable=False),
    sa.Column('count_abstain', sa.Integer(), nullable=False),
    sa.Column('quorum', sa.Float(), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.Column('discussion_days', sa.Float(), nullable=False),
    sa.Column('voting_days', sa.Float(), nullable=False),
    sa.Column('secret_ballots', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_vote_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['person.id'], name=op.f('fk_vote_opened_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_status'), ['status'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=8), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('cast_by_id', sa.Integer(), nullable=False),
    sa.Column('cast_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cast_by_id'], ['person.id'], name=op.f('fk_ballot_cast_by_id_person')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_ballot_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_ballot_vote_id_vote')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sa.UniqueConstraint('vote_id', 'organisation_id', name=op.f('uq_ballot_vote_id_organisation_id'))
    )
    op.create_table('ballot_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=8), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_ballot_event_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_ballot_event_person_id_person')),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_ballot_event_vote_id_vote')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_event'))
    )
    with op.batch_alter_table('ballot_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_event_vote_id'), ['vote_id'], unique=False)

    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vote_requested_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_column('vote_requested_at')

    with op.batch_alter_table('ballot_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_event_vote_id'))

    op.drop_table('ballot_event')
    op.drop_table('ballot')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_status'))
        batch_op.drop_index(batch_op.f('ix_vote_closes_at'))
        batch_op.drop_index(batch_op.f('ix_vote_amendment_id'))

    op.drop_table('vote')
