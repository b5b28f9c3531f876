"""An application keeps its contact's name, address and password hash until the address is confirmed: the
contact's account is made only then, so that applying with an address already registered answers exactly as
applying with a new one (issue 22.15).

Revision ID: 0023_private_applications
Revises: 0022_follow_applications
"""
from alembic import op
import sqlalchemy as sa

revision = '0023_private_applications'
down_revision = '0022_follow_applications'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_language', sa.String(length=8), nullable=False, server_default='fr'))
        batch_op.add_column(sa.Column('contact_password_hash', sa.String(length=255), nullable=True))
        batch_op.alter_column('contact_id', existing_type=sa.Integer(), nullable=True)
    # The applications made before kept their contact's account from the start: copy what it says.
    op.execute("UPDATE application SET contact_name = (SELECT name FROM person WHERE person.id = application.contact_id), "
               "contact_email = (SELECT email FROM person WHERE person.id = application.contact_id), "
               "contact_language = COALESCE((SELECT language FROM person WHERE person.id = application.contact_id), 'fr') "
               "WHERE contact_id IS NOT NULL")


def downgrade():
    waiting = op.get_bind().execute(sa.text("SELECT count(*) FROM application WHERE contact_id IS NULL")).scalar()
    if waiting:
        raise RuntimeError(f"{waiting} application(s) wait for their contact to confirm the address: the revision "
                           "before this one cannot hold them (they have no account yet).")
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.alter_column('contact_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('contact_password_hash')
        batch_op.drop_column('contact_language')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
