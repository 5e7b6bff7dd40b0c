"""Search folds spellings readers take for the same word (Arabic alef forms, taa
marbuta, alef maqsura, diacritics and tatweel; accents and case in any script): the posts
indexed before are indexed again, folded.

Revision ID: 0022_search_folding
Revises: 0021_log_ins_and_devices
Create Date: 2026-12-05
"""

from alembic import op

from blog.search.index import rebuild_index

revision = "0022_search_folding"
down_revision = "0021_log_ins_and_devices"
branch_labels = None
depends_on = None


def upgrade():
    rebuild_index(op.get_bind())


def downgrade():
    # Folded text still finds every word as written before; nothing to undo.
    pass
