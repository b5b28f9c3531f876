"""Append-only enforced by the database itself: triggers refuse UPDATE and DELETE on the record.

The ORM already refuses to change versions and entries (app/documents/models.py, app/audit/models.py),
but that protects only against this code. These triggers refuse a direct `UPDATE version …` typed in
psql or sqlite3 too. Whoever owns the database can still drop them (that is what `flask verify` is for:
it recomputes every hash and says what was changed). The migration 0013_record_chain installs the same
statements on an existing database; here they follow `db.create_all()` (tests, a fresh instance).

One exception, for the hash chain (app/record/chain.py): an audit entry's link (seq, prev, hash) is
written once, from empty, with nothing else in the row changing.
"""
from __future__ import annotations

from sqlalchemy import event

from app.audit.models import AuditEntry
from app.documents.models import Version
from app.record.models import BallotReceipt
from app.votes.models import BallotEvent

APPEND_ONLY = ("version", "ballot_event", "ballot_receipt", "audit_entry")
# The columns of an audit entry that never change, even when it is linked into the chain.
ENTRY_CONTENT = ("id", "at", "actor_id", "organisation_id", "kind", "object_type", "object_id", "document_id",
                 "public", "detail_json")


def sqlite_statements(table: str) -> list[str]:
    message = f"{table} rows are append-only"
    statements = [f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
                  f"BEGIN SELECT RAISE(ABORT, '{message}: DELETE refused'); END"]
    condition = ""
    if table == "audit_entry":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in ENTRY_CONTENT)
        condition = f" WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR {changed}"
    statements.append(f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}{condition} "
                      f"BEGIN SELECT RAISE(ABORT, '{message}: UPDATE refused'); END")
    return statements


PG_REFUSE = """CREATE OR REPLACE FUNCTION palabre_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' rows are append-only: ' || TG_OP || ' refused',
                        ERRCODE = 'raise_exception';
END $$"""


def pg_link_once() -> str:
    new = ", ".join(f"NEW.{c}" for c in ENTRY_CONTENT)
    old = ", ".join(f"OLD.{c}" for c in ENTRY_CONTENT)
    return f"""CREATE OR REPLACE FUNCTION palabre_audit_link_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.seq IS NULL AND NEW.seq IS NOT NULL AND ROW({new}) IS NOT DISTINCT FROM ROW({old}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING MESSAGE = 'audit_entry rows are append-only: UPDATE refused', ERRCODE = 'raise_exception';
END $$"""


def pg_statements(table: str) -> list[str]:
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


def statements_for(table: str, dialect: str) -> list[str]:
    return pg_statements(table) if dialect == "postgresql" else sqlite_statements(table)


def install(connection) -> None:
    """Create (or re-create) every trigger on this connection's database."""
    for table in APPEND_ONLY:
        for statement in statements_for(table, connection.dialect.name):
            connection.exec_driver_sql(statement)


def _after_create(table, connection, **_kw) -> None:
    for statement in statements_for(table.name, connection.dialect.name):
        connection.exec_driver_sql(statement)


for _model in (Version, BallotEvent, BallotReceipt, AuditEntry):
    event.listen(_model.__table__, "after_create", _after_create)
