"""Votes know no subject: a subject kind and id instead of one column per subject; the electorate
frozen when a vote opens; proxies; the number of proxies a holder may hold in every set of rules.

Every vote, ballot and event is carried: a vote on an amendment becomes ("amendment", its id), a
membership vote ("application", its id). Votes opened before this revision get no electorate rows
(nobody knows who was a member then): the engine reads that as "any member organisation", as it did.

Revision ID: 0012_votes_engine
Revises: 0011_refusal_repeat
Create Date: 2026-12-03 06:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_votes_engine'
down_revision = '0011_refusal_repeat'
branch_labels = None
depends_on = None

RULES_TABLES = ('document', 'membership_rules', 'vote')


def upgrade():
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_kind', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))
    op.execute("UPDATE vote SET subject_kind = 'amendment', subject_id = amendment_id WHERE amendment_id IS NOT NULL")
    op.execute("UPDATE vote SET subject_kind = 'application', subject_id = application_id "
               "WHERE amendment_id IS NULL")
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.alter_column('subject_kind', existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column('subject_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_vote_amendment_id_amendment'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_vote_application_id_application'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_vote_amendment_id'))
        batch_op.drop_index(batch_op.f('ix_vote_application_id'))
        batch_op.drop_column('amendment_id')
        batch_op.drop_column('application_id')
        batch_op.create_index('ix_vote_subject', ['subject_kind', 'subject_id'], unique=False)
    for table in RULES_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('proxies_per_holder', sa.Integer(), server_default='1', nullable=False))
    for table in ('ballot', 'ballot_event'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('proxy_holder_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_proxy_holder_id_organisation'), 'organisation',
                                        ['proxy_holder_id'], ['id'])
    op.create_table('vote_elector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_vote_elector_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_vote_elector_vote_id_vote')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_elector')),
    sa.UniqueConstraint('vote_id', 'organisation_id', name=op.f('uq_vote_elector_vote_id_organisation_id'))
    )
    op.create_table('vote_proxy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('giver_id', sa.Integer(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('given_by_id', sa.Integer(), nullable=False),
    sa.Column('given_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['given_by_id'], ['person.id'], name=op.f('fk_vote_proxy_given_by_id_person')),
    sa.ForeignKeyConstraint(['giver_id'], ['organisation.id'], name=op.f('fk_vote_proxy_giver_id_organisation')),
    sa.ForeignKeyConstraint(['holder_id'], ['organisation.id'], name=op.f('fk_vote_proxy_holder_id_organisation')),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_vote_proxy_vote_id_vote')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_proxy')),
    sa.UniqueConstraint('vote_id', 'giver_id', name=op.f('uq_vote_proxy_vote_id_giver_id'))
    )
    with op.batch_alter_table('vote_proxy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_proxy_holder_id'), ['holder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_proxy_vote_id'), ['vote_id'], unique=False)


def downgrade():
    # Proxies and electorates have no place in the older schema; votes on a version neither.
    op.drop_table('vote_proxy')
    op.drop_table('vote_elector')
    for table in ('ballot_event', 'ballot'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_proxy_holder_id_organisation'), type_='foreignkey')
            batch_op.drop_column('proxy_holder_id')
    for table in RULES_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('proxies_per_holder')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amendment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
    op.execute("DELETE FROM ballot_event WHERE vote_id IN (SELECT id FROM vote WHERE subject_kind NOT IN "
               "('amendment', 'application'))")
    op.execute("DELETE FROM ballot WHERE vote_id IN (SELECT id FROM vote WHERE subject_kind NOT IN "
               "('amendment', 'application'))")
    op.execute("DELETE FROM vote WHERE subject_kind NOT IN ('amendment', 'application')")
    op.execute("UPDATE vote SET amendment_id = subject_id WHERE subject_kind = 'amendment'")
    op.execute("UPDATE vote SET application_id = subject_id WHERE subject_kind = 'application'")
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index('ix_vote_subject')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_kind')
        batch_op.create_index(batch_op.f('ix_vote_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_application_id'), ['application_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_vote_amendment_id_amendment'), 'amendment', ['amendment_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_vote_application_id_application'), 'application',
                                    ['application_id'], ['id'])
