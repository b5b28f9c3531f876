"""A comment thread's anchor holds over a range of versions instead of one row per version (issue 20.3).

Every new version used to copy every thread's anchor (threads × versions rows, most of a merge's
writes in a congress). A row now says where its thread stands from version `from_number` of its
document to `to_number` (NULL: on while it still holds). Going up, the rows of consecutive versions
where a thread stood in the same place (clause, offset, outdated) become one range, open-ended when
it reaches the document's last version; going down, each range is one row per version again.
The table is made anew both ways (its unique key and index change): no row is lost.

Revision ID: 0029_anchorranges
Revises: 0028_amendtext
"""
import sqlalchemy as sa
from alembic import op

revision = '0029_anchorranges'
down_revision = '0028_amendtext'
branch_labels = None
depends_on = None

version = sa.table('version', sa.column('id', sa.Integer), sa.column('document_id', sa.Integer),
                   sa.column('number', sa.Integer))
PLACE = ('clause_id', 'quote_offset', 'is_outdated')
PLACE_TYPES = (sa.String, sa.Integer, sa.Boolean)


def place_columns() -> list:
    return [sa.column(key, kind) for key, kind in zip(PLACE, PLACE_TYPES)]


def common_columns() -> list:
    return [sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('comment_id', sa.Integer(), nullable=False),
            sa.Column('clause_id', sa.String(length=16), nullable=True),
            sa.Column('quote_offset', sa.Integer(), nullable=True),
            sa.Column('is_outdated', sa.Boolean(), nullable=False),
            sa.ForeignKeyConstraint(['comment_id'], ['comment.id'],
                                    name=op.f('fk_comment_anchor_comment_id_comment')),
            sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_anchor'))]


def create_ranges_table() -> sa.Table:
    table = op.create_table(
        'comment_anchor', *common_columns(),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('from_number', sa.Integer(), nullable=False),
        sa.Column('to_number', sa.Integer(), nullable=True),
        sa.CheckConstraint('to_number IS NULL OR to_number >= from_number',
                           name=op.f('ck_comment_anchor_range_in_order')),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'],
                                name=op.f('fk_comment_anchor_document_id_document')),
        sa.UniqueConstraint('comment_id', 'from_number',
                            name=op.f('uq_comment_anchor_comment_id_from_number')))
    op.create_index('ix_comment_anchor_document_id_from_number', 'comment_anchor',
                    ['document_id', 'from_number', 'clause_id'], unique=False)
    return table


def create_versions_table() -> sa.Table:
    table = op.create_table(
        'comment_anchor', *common_columns(),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'],
                                name=op.f('fk_comment_anchor_version_id_version')),
        sa.UniqueConstraint('comment_id', 'version_id', name=op.f('uq_comment_anchor_comment_id_version_id')))
    op.create_index(op.f('ix_comment_anchor_version_id'), 'comment_anchor', ['version_id'], unique=False)
    return table


def last_numbers(connection) -> dict[int, int]:
    """document id -> the number of its last version."""
    rows = connection.execute(sa.select(version.c.document_id, sa.func.max(version.c.number))
                              .group_by(version.c.document_id))
    return dict(rows.all())


def collapsed(rows, last: dict[int, int]) -> list[dict]:
    """Rows (comment, document, number, clause, offset, outdated) in comment then number order, as ranges."""
    ranges: list[dict] = []
    for comment_id, document_id, number, *place in rows:
        current = ranges[-1] if ranges else None
        if (current is not None and current['comment_id'] == comment_id and current['to_number'] == number - 1
                and tuple(current[key] for key in PLACE) == tuple(place)):
            current['to_number'] = number
            continue
        ranges.append({'comment_id': comment_id, 'document_id': document_id, 'from_number': number,
                       'to_number': number, **dict(zip(PLACE, place))})
    for found in ranges:
        if found['to_number'] == last.get(found['document_id']):
            found['to_number'] = None
    return ranges


def upgrade():
    connection = op.get_bind()
    old = sa.table('comment_anchor', sa.column('comment_id', sa.Integer), sa.column('version_id', sa.Integer),
                   *place_columns())
    rows = connection.execute(
        sa.select(old.c.comment_id, version.c.document_id, version.c.number, *(old.c[key] for key in PLACE))
        .join(version, version.c.id == old.c.version_id).order_by(old.c.comment_id, version.c.number)).all()
    ranges = collapsed(rows, last_numbers(connection))
    op.drop_index(op.f('ix_comment_anchor_version_id'), table_name='comment_anchor')
    op.drop_table('comment_anchor')
    table = create_ranges_table()
    for start in range(0, len(ranges), 1000):
        connection.execute(table.insert(), ranges[start:start + 1000])


def expanded(rows, last: dict[int, int], version_ids: dict[tuple[int, int], int]) -> list[dict]:
    """Ranges (comment, document, from, to, clause, offset, outdated) as one row per version."""
    found = []
    for comment_id, document_id, first, until, *place in rows:
        for number in range(first, (last[document_id] if until is None else until) + 1):
            found.append({'comment_id': comment_id, 'version_id': version_ids[(document_id, number)],
                          **dict(zip(PLACE, place))})
    return found


def downgrade():
    connection = op.get_bind()
    ranges = sa.table('comment_anchor', sa.column('id', sa.Integer), sa.column('comment_id', sa.Integer),
                      sa.column('document_id', sa.Integer), sa.column('from_number', sa.Integer),
                      sa.column('to_number', sa.Integer), *place_columns())
    rows = connection.execute(
        sa.select(ranges.c.comment_id, ranges.c.document_id, ranges.c.from_number, ranges.c.to_number,
                  *(ranges.c[key] for key in PLACE)).order_by(ranges.c.from_number, ranges.c.id)).all()
    version_ids = {(document_id, number): version_id for version_id, document_id, number
                   in connection.execute(sa.select(version.c.id, version.c.document_id, version.c.number))}
    rows = expanded(rows, last_numbers(connection), version_ids)
    # A version's threads together, as they were written.
    rows.sort(key=lambda row: (row['version_id'], row['comment_id']))
    op.drop_index('ix_comment_anchor_document_id_from_number', table_name='comment_anchor')
    op.drop_table('comment_anchor')
    table = create_versions_table()
    for start in range(0, len(rows), 1000):
        connection.execute(table.insert(), rows[start:start + 1000])
