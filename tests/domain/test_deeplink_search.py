"""Deep-link payloads and search folding: pure rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.deeplink import PAYLOAD_MAX, ReflectionLink, SubjectKind, decode, encode_reflection
from bot.domain.search import fold, loosened, query_terms, with_roots


def test_payload_round_trips_and_fits_telegram() -> None:
    payload = encode_reflection(999_999_999_999, SubjectKind.MEETING, 999_999_999_999)
    assert len(payload) <= PAYLOAD_MAX
    assert decode(payload) == ReflectionLink(999_999_999_999, SubjectKind.MEETING, 999_999_999_999)
    assert decode("r_5_f_77") == ReflectionLink(5, SubjectKind.FREE, 0)  # free ignores a subject


@pytest.mark.parametrize("payload", [None, "", "r_1_m_0", "r_1_a_-3", "r_01x_f_0", "r_1_f_0 ", "R_1_F_0",
                                     "r_1_f_0_extra", "r_" + "1" * 13 + "_f_0", "a" * 65])
def test_forged_payloads_decode_to_nothing(payload) -> None:
    assert decode(payload) is None


@given(st.text(max_size=80))
def test_decode_never_raises(payload: str) -> None:
    link = decode(payload)
    assert link is None or link.community_id > 0


def test_folding_removes_accents_case_and_doubled_letters() -> None:
    assert fold("Pembelajarån BERDIFFERENSIASI, kelas-4!") == "pembelajaran berdiferensiasi kelas 4"
    assert query_terms("a ke ke Kelas") == ["ke", "kelas"]
    assert loosened(["pembelajaren", "ice"]) == ["pemb", "ice"]
    assert "diferensiasi" in with_roots("berdiferensiasi").split()
