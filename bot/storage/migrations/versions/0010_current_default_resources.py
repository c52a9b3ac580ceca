"""Retire the national resources the ministry replaced (Platform Merdeka Mengajar, Rumah
Belajar): teachers' learning moved to Rumah Pendidikan and Ruang GTK. Their rows are marked
removed (as a facilitator's removal would) and leave the search index; /sumber adds the
current ones the next time a community opens it (bot/services/resources.py).

Data only, no schema change; downgrading leaves the rows removed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 03:45:00
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

RETIRED = "('pmm', 'rumah_belajar')"


def upgrade() -> None:
    op.execute(f"DELETE FROM search_document WHERE kind = 'resource' AND ref_id IN "
               f"(SELECT id FROM resource WHERE default_key IN {RETIRED})")
    op.execute(f"UPDATE resource SET removed_at = CURRENT_TIMESTAMP "
               f"WHERE default_key IN {RETIRED} AND removed_at IS NULL")


def downgrade() -> None:
    pass
