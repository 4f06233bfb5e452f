"""The little of CBOR (RFC 8949) that Pagefind's index files use: unsigned and negative
integers, byte and text strings, arrays and maps, all of definite length, each in its shortest
form (as Pagefind's minicbor writes them), so a file decoded and encoded again is the same
bytes (``encode(decode(b)) == b``)."""

from __future__ import annotations

import struct
from typing import Any

UINT, NEGINT, BYTES, TEXT, ARRAY, MAP = range(6)


class CborError(ValueError):
    pass


def decode(data: bytes) -> Any:
    value, end = _item(data, 0)
    if end != len(data):
        raise CborError(f"{len(data) - end} bytes after the item")
    return value


def _head(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head)."""
    if pos >= len(data):
        raise CborError("truncated")
    major, info = data[pos] >> 5, data[pos] & 31
    if info < 24:
        return major, info, pos + 1
    sizes = {24: 1, 25: 2, 26: 4, 27: 8}
    if info not in sizes:
        raise CborError(f"unsupported additional information {info}")
    n = sizes[info]
    if pos + 1 + n > len(data):
        raise CborError("truncated")
    return major, int.from_bytes(data[pos + 1 : pos + 1 + n], "big"), pos + 1 + n


def _item(data: bytes, pos: int) -> tuple[Any, int]:
    major, arg, pos = _head(data, pos)
    if major == UINT:
        return arg, pos
    if major == NEGINT:
        return -1 - arg, pos
    if major in (BYTES, TEXT):
        raw = data[pos : pos + arg]
        if len(raw) != arg:
            raise CborError("truncated")
        return (raw.decode("utf-8") if major == TEXT else bytes(raw)), pos + arg
    if major == ARRAY:
        items = []
        for _ in range(arg):
            item, pos = _item(data, pos)
            items.append(item)
        return items, pos
    if major == MAP:
        out = {}
        for _ in range(arg):
            key, pos = _item(data, pos)
            out[key], pos = _item(data, pos)
        return out, pos
    raise CborError(f"unsupported major type {major}")


def _encode_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if arg < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, arg)
    raise CborError(f"integer too large: {arg}")


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise CborError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return _encode_head(UINT, value) if value >= 0 else _encode_head(NEGINT, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _encode_head(TEXT, len(raw)) + raw
    if isinstance(value, bytes):
        return _encode_head(BYTES, len(value)) + value
    if isinstance(value, list):
        return _encode_head(ARRAY, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _encode_head(MAP, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise CborError(f"unsupported value {value!r}")
