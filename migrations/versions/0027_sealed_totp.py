"""TOTP secrets sealed with PALABRE_TOTP_KEYS instead of kept in clear (app/auth/sealing.py).

The secrets already stored are sealed with the first key of the running configuration; going down opens
them again (with any of its keys). A secret no key opens cannot be kept: going down it is dropped, and
its person's second factor with it (they log in with their password and set it up again).

Revision ID: 0027_sealed_totp
Revises: 0026_pg_listing_index
"""
import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

revision = '0027_sealed_totp'
down_revision = '0026_pg_listing_index'
branch_labels = None
depends_on = None

person = sa.table('person', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String),
                  sa.column('totp_sealed_secret', sa.String), sa.column('totp_enabled_at', sa.DateTime))


def keys() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in current_app.config['TOTP_KEYS']])


def upgrade():
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('totp_sealed_secret', sa.String(length=255), nullable=True))
    connection, sealing = op.get_bind(), keys()
    rows = connection.execute(sa.select(person.c.id, person.c.totp_secret).where(person.c.totp_secret.is_not(None)))
    for person_id, secret in rows.all():
        connection.execute(person.update().where(person.c.id == person_id)
                           .values(totp_sealed_secret=sealing.encrypt(secret.encode()).decode()))
    with op.batch_alter_table('person') as batch:
        batch.drop_column('totp_secret')


def downgrade():
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
    connection, sealing = op.get_bind(), keys()
    rows = connection.execute(sa.select(person.c.id, person.c.totp_sealed_secret)
                              .where(person.c.totp_sealed_secret.is_not(None)))
    for person_id, sealed in rows.all():
        try:
            opened = {'totp_secret': sealing.decrypt(sealed.encode()).decode()}
        except InvalidToken:
            opened = {'totp_secret': None, 'totp_enabled_at': None}
        connection.execute(person.update().where(person.c.id == person_id).values(**opened))
    with op.batch_alter_table('person') as batch:
        batch.drop_column('totp_sealed_secret')
