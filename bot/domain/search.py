"""Text folding for the community's search. Indonesian has no stemmer in SQLite or
PostgreSQL, and teachers type on phones: accents go missing, letters get doubled. Both the
indexed text and the query are folded the same way here, so the database only has to match
word prefixes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

QUERY_TERMS_MAX = 8
TERM_MIN = 2
FALLBACK_PREFIX = 4  # a term cut to this many letters still finds words with a typo later on

# Indonesian prefixes, longest first: "berdiferensiasi" is also indexed as "diferensiasi", so
# a search for the root word finds its derived forms (a poor man's stemmer, index side only).
PREFIXES = ("memper", "menge", "meng", "meny", "peng", "peny", "mem", "men", "pem", "pen", "per",
            "ber", "ter", "me", "pe", "di", "ke", "se")
ROOT_MIN = 4

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")


def fold(text: str | None) -> str:
    """Lower case, accents removed, doubled letters collapsed, punctuation to spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(_DOUBLED.sub(r"\1", word) for word in _NOT_WORD.split(plain) if word)


def with_roots(folded: str) -> str:
    """Folded text plus the roots of its prefixed words, for indexing."""
    extra = []
    for word in folded.split():
        for prefix in PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= ROOT_MIN:
                extra.append(word[len(prefix):])
                break
    return " ".join([folded, *extra]) if extra else folded


def query_terms(text: str | None) -> list[str]:
    """The distinct folded words of a query worth matching, in order."""
    terms: list[str] = []
    for word in fold(text).split():
        if len(word) >= TERM_MIN and word not in terms:
            terms.append(word)
    return terms[:QUERY_TERMS_MAX]


def loosened(terms: list[str]) -> list[str]:
    """Shorter prefixes of the terms, for a second try when the exact prefixes found nothing."""
    loose: list[str] = []
    for term in terms:
        cut = term[:FALLBACK_PREFIX] if len(term) > FALLBACK_PREFIX + 1 else term
        if cut not in loose:
            loose.append(cut)
    return loose


@dataclass(frozen=True)
class SearchDocument:
    """What one feature hands the index about one thing it wants found. Only documents with
    `visibility == "community"` are ever returned by a search."""

    community_id: int
    kind: str  # "practice", "resource"; later "problem", "meeting_note"
    ref_id: int
    title: str
    body: str
    visibility: str = "community"

    @property
    def terms(self) -> str:
        """The folded text to index; the title twice, so a match there ranks higher."""
        return with_roots(" ".join((fold(self.title), fold(self.title), fold(self.body))))


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref_id: int
    title: str
    body: str
