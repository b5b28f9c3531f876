"""Applications to join, the collective's membership rules, and votes on an application instead of an amendment.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 01:32:38.015094

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('membership_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=50), nullable=False),
    sa.Column('quorum', sa.Float(), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.Column('discussion_days', sa.Float(), nullable=False),
    sa.Column('voting_days', sa.Float(), nullable=False),
    sa.Column('secret_ballots', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_rules'))
    )
    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('has_read_charter', sa.Boolean(), nullable=False),
    sa.Column('charter_version', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['person.id'], name=op.f('fk_application_contact_id_person')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_application_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_application_organisation_id'))
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_status'), ['status'], unique=False)

    # A vote is now on an amendment or on an application: amendment_id becomes optional.
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.alter_column('amendment_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f('ix_vote_application_id'), ['application_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_vote_application_id_application'), 'application',
                                    ['application_id'], ['id'])


def downgrade():
    # Membership votes have no amendment: they go before amendment_id is required again.
    op.execute("DELETE FROM ballot_event WHERE vote_id IN (SELECT id FROM vote WHERE application_id IS NOT NULL)")
    op.execute("DELETE FROM ballot WHERE vote_id IN (SELECT id FROM vote WHERE application_id IS NOT NULL)")
    op.execute("DELETE FROM vote WHERE application_id IS NOT NULL")
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_vote_application_id_application'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_vote_application_id'))
        batch_op.alter_column('amendment_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('application_id')

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status'))

    op.drop_table('application')
    op.drop_table('membership_rules')
