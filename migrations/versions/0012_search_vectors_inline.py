"""PostgreSQL: search vectors kept in the table's own rows instead of out of line.

An essay's tsvector (every word with its positions) is a few KB, past the size at which
PostgreSQL moves a value out of line (TOAST) by default; ranking a common word's matches
then fetched every one from the TOAST table. With STORAGE MAIN it stays in the row
(compressed if that helps), and search over 10,000 essays of a natural vocabulary ranked
its matches in 30 ms instead of 75. The existing vectors are written again, since the
storage setting applies to values written after it. SQLite's index is untouched.

Revision ID: 0012_search_vectors_inline
Revises: 0011_trash_index
Create Date: 2026-11-30
"""

from alembic import op

revision = "0012_search_vectors_inline"
down_revision = "0011_trash_index"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE post_search ALTER COLUMN document SET STORAGE MAIN")
    # A new value (the vector joined to an empty one), so it is stored the new way.
    op.execute("UPDATE post_search SET document = document || ''::tsvector")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE post_search ALTER COLUMN document SET STORAGE EXTENDED")
