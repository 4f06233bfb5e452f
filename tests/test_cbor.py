"""The CBOR of Pagefind's index files, read and written again byte for byte."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from generator.build import cbor


@pytest.mark.parametrize(
    "value",
    [0, 23, 24, 255, 256, 65536, 2**32, -1, -25, -169, "", "深圳", b"\x00\x01", [], [1, [2, "三"]], {"a": [1]}],
)
def test_a_value_encoded_decodes_to_itself(value: object) -> None:
    assert cbor.decode(cbor.encode(value)) == value


def test_integers_take_their_shortest_form() -> None:
    assert cbor.encode(23) == b"\x17"
    assert cbor.encode(24) == b"\x18\x18"
    assert cbor.encode(-25) == b"\x38\x18"
    assert cbor.encode(1000) == b"\x19\x03\xe8"


def test_bad_input_is_an_error() -> None:
    with pytest.raises(cbor.CborError):
        cbor.decode(b"\x82\x01")  # an array of two with one item
    with pytest.raises(cbor.CborError):
        cbor.decode(b"\x01\x02")  # bytes after the item


def test_pagefinds_own_files_read_and_write_back_the_same(built_site: Path) -> None:
    files = [p for p in built_site.glob("pagefind*/**/*") if p.suffix in (".pf_meta", ".pf_filter", ".pf_index")]
    # The shared pages have no filters (they were the budget pages', which Pagefind no longer indexes).
    assert {".pf_meta", ".pf_index"} <= {p.suffix for p in files}
    for path in files:
        body = gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :]
        assert cbor.encode(cbor.decode(body)) == body, path
