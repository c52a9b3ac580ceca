"""One searchable document per thing the community can find (a practice, a resource, and
later solved problems and meeting notes), kept in sync by the services that change them.

`terms` holds the folded text (bot.domain.search.fold). The full-text index over it is not
mapped: the migrations create a contentless FTS5 table kept by triggers on SQLite, and a GIN
index over an expression on PostgreSQL; both index each word with its community folded in
(`c<community>x<word>`, migration 0013_lib), so a search looks up one community's rows only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime

FTS_TABLE = "search_document_fts"


class SearchDocumentRow(Base):
    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
