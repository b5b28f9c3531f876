"""The record of actions (append-only), the mail outbox and each person's mail preferences.

Revision ID: 0007_mail_and_audit
Revises: 0006
Create Date: 2026-11-24 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_mail_and_audit'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('detail_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_audit_entry_actor_id_person')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_audit_entry_document_id_document')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_audit_entry_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_organisation_id'), ['organisation_id'], unique=False)
    # MAIL_TABLES


def downgrade():
    # MAIL_DOWNGRADE
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_kind'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_document_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
    op.drop_table('audit_entry')
