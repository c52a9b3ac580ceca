"""rate_window: Telegram's limits shared by every process on PostgreSQL

One row per sliding-window key ('*' for the bot, a chat id for a chat) with the instants of
its last sends, and `kombel_book_send`, which books one send in the bot's and the chat's
window in one statement (see bot/domain/pacing.py for the rule, bot/storage/rate_windows.py
for the caller). SQLite gets the table only: one process there keeps its windows in memory.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 03:30:00
"""
from typing import Any

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# The first instant a window's next send fits, never before its last one (pacing.Window).
EARLIEST = r"""
CREATE OR REPLACE FUNCTION kombel_window_earliest(times double precision[], count integer,
        period double precision, now_s double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN cardinality(times) = 0 THEN now_s
                ELSE greatest(now_s, times[cardinality(times)],
                              CASE WHEN cardinality(times) >= count
                                   THEN times[cardinality(times) - count + 1] + period END)
           END
$$;
"""

# Returns the seconds to wait before the booked send (>= 0), or, when the chat's window is
# full further ahead than `horizon`, minus the seconds until it frees (nothing booked).
BOOK_SEND = r"""
CREATE OR REPLACE FUNCTION kombel_book_send(chat_key text, chat_count integer,
        chat_period double precision, bot_count integer, bot_period double precision,
        horizon double precision) RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
    now_s double precision;
    bot_times double precision[];
    chat_times double precision[] := '{}';
    paused double precision;
    chat_at double precision;
    bot_at double precision;
    at double precision;
BEGIN
    SELECT sent_at, paused_until INTO bot_times, paused FROM rate_window WHERE key = '*' FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO rate_window (key, sent_at) VALUES ('*', '{}') ON CONFLICT (key) DO NOTHING;
        SELECT sent_at, paused_until INTO bot_times, paused FROM rate_window WHERE key = '*' FOR UPDATE;
    END IF;
    -- The time once the bot's row is ours: a booking that queued behind others is not
    -- measured from before its wait.
    now_s := extract(epoch FROM clock_timestamp());
    chat_at := now_s;
    IF chat_key IS NOT NULL THEN
        SELECT sent_at INTO chat_times FROM rate_window WHERE key = chat_key FOR UPDATE;
        chat_times := coalesce(chat_times, '{}');
        chat_at := kombel_window_earliest(chat_times, chat_count, chat_period, now_s);
        IF chat_at > now_s + horizon THEN
            RETURN now_s - chat_at;
        END IF;
    END IF;
    bot_at := kombel_window_earliest(bot_times, bot_count, bot_period, now_s);
    at := greatest(chat_at, bot_at, paused);
    bot_times := bot_times || at;
    UPDATE rate_window SET sent_at = bot_times[cardinality(bot_times) - bot_count + 1:] WHERE key = '*';
    IF chat_key IS NOT NULL THEN
        chat_times := chat_times || at;
        INSERT INTO rate_window (key, sent_at)
        VALUES (chat_key, chat_times[cardinality(chat_times) - chat_count + 1:])
        ON CONFLICT (key) DO UPDATE SET sent_at = excluded.sent_at;
    END IF;
    RETURN at - now_s;
END
$$;
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == 'postgresql'
    instants: sa.types.TypeEngine[Any] = (
        postgresql.ARRAY(postgresql.DOUBLE_PRECISION()) if postgres else sa.Text())
    op.create_table('rate_window',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('sent_at', instants, nullable=False),
    sa.Column('paused_until', sa.Float(precision=53), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_window')),
    # Unlogged: a booking writes no WAL and waits for no disk flush. After a server crash
    # the windows start empty, which costs at most one window's worth of early sends.
    prefixes=['UNLOGGED'] if postgres else [],
    )
    if postgres:
        op.execute(EARLIEST)
        op.execute(BOOK_SEND)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS kombel_book_send(text, integer, double precision, integer, '
                   'double precision, double precision)')
        op.execute('DROP FUNCTION IF EXISTS kombel_window_earliest(double precision[], integer, '
                   'double precision, double precision)')
    op.drop_table('rate_window')
