"""A record anyone can verify: hashes of versions, the record's hash chain, ballot receipts, and
triggers that refuse UPDATE and DELETE on versions, ballot events, receipts and the record.

Existing rows are hashed here, in order, before the triggers exist (the same definitions as
app/record/hashing.py, copied so that this revision keeps its meaning whatever the app becomes).
On SQLite a later revision that rebuilds one of these tables (batch mode) drops its triggers:
it must create them again (the statements are those of app/record/triggers.py).

Revision ID: 0013_record_chain
Revises: 0012_votes_engine
Create Date: 2026-12-03 06:30:00

"""
import hashlib
import json
from datetime import timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_record_chain'
down_revision = '0012_votes_engine'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
APPEND_ONLY = ("version", "ballot_event", "ballot_receipt", "audit_entry")
ENTRY_CONTENT = ("id", "at", "actor_id", "organisation_id", "kind", "object_type", "object_id", "document_id",
                 "public", "detail_json")

version = sa.table("version", sa.column("id", sa.Integer), sa.column("document_id", sa.Integer),
                   sa.column("number", sa.Integer), sa.column("markdown", sa.Text),
                   sa.column("amendment_id", sa.Integer), sa.column("sha256", sa.String),
                   sa.column("chain", sa.String), sa.column("vote_id", sa.Integer))
# After 0012_votes_engine a vote names its subject by kind and id.
vote = sa.table("vote", sa.column("id", sa.Integer), sa.column("subject_kind", sa.String),
                sa.column("subject_id", sa.Integer), sa.column("status", sa.String), sa.column("outcome", sa.String))
document = sa.table("document", sa.column("id", sa.Integer), sa.column("slug", sa.String))
signature = sa.table("signature", sa.column("id", sa.Integer), sa.column("version_number", sa.Integer),
                     sa.column("version_sha256", sa.String))
entry = sa.table("audit_entry", *(sa.column(name) for name in ENTRY_CONTENT if name != "at"),
                 sa.column("at", sa.DateTime), sa.column("seq", sa.Integer), sa.column("prev", sa.String),
                 sa.column("hash", sa.String))


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upgrade():
    op.add_column('version', sa.Column('sha256', sa.String(length=64), nullable=True))
    op.add_column('version', sa.Column('chain', sa.String(length=64), nullable=True))
    op.add_column('version', sa.Column('vote_id', sa.Integer(), nullable=True))
    op.add_column('signature', sa.Column('version_sha256', sa.String(length=64), nullable=True))
    op.add_column('audit_entry', sa.Column('seq', sa.Integer(), nullable=True))
    op.add_column('audit_entry', sa.Column('prev', sa.String(length=64), nullable=True))
    op.add_column('audit_entry', sa.Column('hash', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_audit_entry_seq'), 'audit_entry', ['seq'], unique=True)
    op.create_table('ballot_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('ballot_event_id', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_event_id'], ['ballot_event.id'],
                            name=op.f('fk_ballot_receipt_ballot_event_id_ballot_event')),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_ballot_receipt_vote_id_vote')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_receipt')),
    sa.UniqueConstraint('ballot_event_id', name=op.f('uq_ballot_receipt_ballot_event_id')),
    sa.UniqueConstraint('receipt', name=op.f('uq_ballot_receipt_receipt'))
    )
    op.create_index(op.f('ix_ballot_receipt_vote_id'), 'ballot_receipt', ['vote_id'], unique=False)
    connection = op.get_bind()
    hash_versions(connection)
    hash_signatures(connection)
    link_entries(connection)
    for table in APPEND_ONLY:
        for statement in (pg_statements(table) if connection.dialect.name == "postgresql" else sqlite_statements(table)):
            connection.exec_driver_sql(statement)


def hash_versions(connection):
    adopted = {}
    for row in connection.execute(sa.select(vote.c.id, vote.c.subject_id)
                                  .where(vote.c.subject_kind == "amendment", vote.c.status == "closed",
                                         vote.c.outcome == "accepted").order_by(vote.c.id)):
        adopted[row.subject_id] = row.id
    chains = {}
    rows = connection.execute(sa.select(version).order_by(version.c.document_id, version.c.number)).all()
    for row in rows:
        digest, vote_id = sha(row.markdown), adopted.get(row.amendment_id)
        parts = [chains.get(row.document_id, GENESIS), digest, "" if row.amendment_id is None else str(row.amendment_id),
                 "" if vote_id is None else str(vote_id)]
        chains[row.document_id] = sha("\n".join(parts))
        connection.execute(version.update().where(version.c.id == row.id)
                           .values(sha256=digest, chain=chains[row.document_id], vote_id=vote_id))


def hash_signatures(connection):
    charter = connection.execute(sa.select(document.c.id).where(document.c.slug == "charte")).scalar()
    if charter is None:
        return
    hashes = dict(connection.execute(sa.select(version.c.number, version.c.sha256)
                                     .where(version.c.document_id == charter)).all())
    for row in connection.execute(sa.select(signature.c.id, signature.c.version_number)).all():
        connection.execute(signature.update().where(signature.c.id == row.id)
                           .values(version_sha256=hashes.get(row.version_number)))


def entry_hash(prev, row):
    at = row.at.replace(tzinfo=timezone.utc).isoformat(timespec="microseconds")
    fields = {"at": at, "action": row.kind, "actor_id": row.actor_id, "organisation_id": row.organisation_id,
              "object_type": row.object_type or "", "object_id": row.object_id, "document_id": row.document_id,
              "public": bool(row.public), "details": json.loads(row.detail_json or "{}")}
    return sha(prev + json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def link_entries(connection):
    prev, seq = GENESIS, 0
    for row in connection.execute(sa.select(entry).order_by(entry.c.id)).all():
        seq, digest = seq + 1, entry_hash(prev, row)
        connection.execute(entry.update().where(entry.c.id == row.id).values(seq=seq, prev=prev, hash=digest))
        prev = digest


def sqlite_statements(table):
    message = f"{table} rows are append-only"
    condition = ""
    if table == "audit_entry":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in ENTRY_CONTENT)
        condition = f" WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR {changed}"
    return [f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}: DELETE refused'); END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}{condition} "
            f"BEGIN SELECT RAISE(ABORT, '{message}: UPDATE refused'); END"]


PG_REFUSE = """CREATE OR REPLACE FUNCTION palabre_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' rows are append-only: ' || TG_OP || ' refused',
                        ERRCODE = 'raise_exception';
END $$"""


def pg_link_once():
    new = ", ".join(f"NEW.{c}" for c in ENTRY_CONTENT)
    old = ", ".join(f"OLD.{c}" for c in ENTRY_CONTENT)
    return f"""CREATE OR REPLACE FUNCTION palabre_audit_link_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.seq IS NULL AND NEW.seq IS NOT NULL AND ROW({new}) IS NOT DISTINCT FROM ROW({old}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING MESSAGE = 'audit_entry rows are append-only: UPDATE refused', ERRCODE = 'raise_exception';
END $$"""


def pg_statements(table):
    on_update = "palabre_audit_link_once" if table == "audit_entry" else "palabre_append_only"
    return [
        PG_REFUSE, pg_link_once(),
        f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}",
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {on_update}()",
        f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION palabre_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT "
        "EXECUTE FUNCTION palabre_append_only()",
    ]


def downgrade():
    connection = op.get_bind()
    for table in APPEND_ONLY:
        for suffix in ("no_update", "no_delete", "no_truncate"):
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}")
            else:
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS palabre_append_only()")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS palabre_audit_link_once()")
    op.drop_index(op.f('ix_ballot_receipt_vote_id'), table_name='ballot_receipt')
    op.drop_table('ballot_receipt')
    op.drop_index(op.f('ix_audit_entry_seq'), table_name='audit_entry')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev')
        batch_op.drop_column('seq')
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_column('version_sha256')
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.drop_column('vote_id')
        batch_op.drop_column('chain')
        batch_op.drop_column('sha256')
