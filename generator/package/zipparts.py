"""A zip whose members are made of parts, one a budget, so that a member can be made again with
one budget changed without compressing the others again (``all.zip``, combined.py).

Each part is deflated on its own (no back-references into the part before it) and ends on a
byte boundary without ending the stream (zlib's ``Z_SYNC_FLUSH``); parts put one after another,
then an empty last block, are one deflate stream, which every zip reader inflates as one member.
Its CRC-32 is combined from the parts' (zlib's ``crc32_combine``).  So a member is the same bytes
whether its parts were compressed now or copied from the last build's zip (the byte ranges its
layout records): a rebuild copies the unchanged budgets' parts and compresses only the changed
ones'.  The zip itself is written by hand (local headers, central directory; no zip64: a
member or the zip past 4 GiB is refused), with the fixed date and mode of ``archive.py``.
"""

from __future__ import annotations

import bisect
import ctypes
import ctypes.util
import functools
import itertools
import os
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

LEVEL = 1  # deflate's fastest level, as archive.zip_dir: all.zip's parts of changed budgets are made on every change
END = b"\x03\x00"  # an empty last block (fixed Huffman codes): ends the stream of parts
_DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1  # 2000-01-01, as archive.py
_DOS_TIME = 0
_LIMIT = 0xFFFFFFFF


def deflated(data: bytes) -> bytes:
    """``data`` as a part: deflated on its own, flushed to a byte boundary, not last."""
    if not data:
        return b""
    c = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)


@dataclass
class Part:
    """One part of a member: ``name`` (a budget's id; "" for the CSV's header), its compressed and
    raw lengths, its CRC-32, and its compressed bytes (or None: copied from the last zip at
    ``offset``)."""

    name: str
    size: int
    raw: int
    crc: int
    data: bytes | None = None
    offset: int = 0  # where its compressed bytes start in the last build's zip
    # A run of the last zip's parts that follow one another there (``OldMember.run``): their
    # records, for the next layout; the run is copied as one part.
    records: list[list] | None = None
    raw_offset: int = -1  # a run's: where its raw bytes start in the last zip's member, inflated

    @classmethod
    def of(cls, name: str, raw: bytes) -> Part:
        data = deflated(raw)
        return cls(name, len(data), len(raw), zlib.crc32(raw), data)

    def record(self) -> list:
        return [self.name, self.size, self.raw, self.crc]

    def layout(self) -> list[list]:
        """Its records in the layout: its own, or its run's."""
        return self.records if self.records is not None else [self.record()]


@dataclass
class Member:
    name: str
    parts: list[Part] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts) + len(END)

    @property
    def raw(self) -> int:
        return sum(p.raw for p in self.parts)

    @property
    def crc(self) -> int:
        crc = 0
        for p in self.parts:
            crc = crc32_combine(crc, p.crc, p.raw)
        return crc


Layout = dict[str, list[list]]  # member's name → its parts' records (Part.record), as written


@dataclass
class OldMember:
    """A member of the last build's zip, from its layout: its parts' records (the header's, then
    the budgets', by name), their names, where each starts in that zip and in the member inflated."""

    records: list[list]
    names: list[str]
    starts: list[int]
    raw_starts: list[int]

    def run(self, i: int, j: int) -> Part:
        """Its parts ``i`` to ``j - 1`` as one part, copied from the last zip in one piece."""
        records = self.records[i:j]
        crc = raw = 0
        for _, _, n, c in records:
            crc, raw = crc32_combine(crc, c, n), raw + n
        size = sum(r[1] for r in records)
        return Part(records[0][0], size, raw, crc, None, self.starts[i], records, self.raw_starts[i])

    def spliced(self, drop: set[str], new: dict[str, Part]) -> list[Part]:
        """Its budgets' parts, less those of ``drop`` (budgets changed or removed), with ``new``
        (parts by budget) each put where its name sorts: the kept parts in runs, so that the work
        is a bisection a budget changed, not a step a budget kept.  Its header is left out."""
        names, out, start = self.names, [], 1
        ids = sorted(new)
        at = [bisect.bisect_left(names, k, 1) for k in ids]
        cuts = sorted({*at, *(bisect.bisect_left(names, k, 1) for k in drop)})
        k = 0
        for c in cuts:
            if c > start:
                out.append(self.run(start, c))
            start = max(start, c)
            while k < len(ids) and at[k] == c:
                out.append(new[ids[k]])
                k += 1
            if c < len(names) and names[c] in drop:
                start = c + 1
        if start < len(names):
            out.append(self.run(start, len(names)))
        return out


def old_members(layout: Layout) -> dict[str, OldMember]:
    """The members of the zip written with ``layout``, each part's place in it worked out."""
    out: dict[str, OldMember] = {}
    offset = 0
    for name in sorted(layout):
        offset += 30 + len(name.encode())
        records = layout[name]
        sizes = [r[1] for r in records]
        starts = [offset + s for s in itertools.accumulate(sizes, initial=0)]
        raw_starts = list(itertools.accumulate((r[2] for r in records), initial=0))
        out[name] = OldMember(records, [r[0] for r in records], starts, raw_starts)
        offset += sum(sizes) + len(END)
    return out


def inflated(parts: list[Part], zip_path: Path | None) -> bytes:
    """The raw bytes of ``parts`` (a member's, in order): their own, or read from the last build's
    zip (one read a run of parts that follow one another there, the zip opened once) and inflated
    as the one deflate stream they are."""
    d = zlib.decompressobj(-15)
    out = []
    with open(zip_path, "rb") if zip_path is not None else nullcontext() as src:
        for data, at, length in _runs(parts):
            if data is None:
                assert src is not None, "a part to copy, without the zip to copy it from"
                data = os.pread(src.fileno(), length, at)
            out.append(d.decompress(data))
    return b"".join(out)


def spliced_raw(parts: list[Part], last_raw: bytes) -> bytes:
    """The raw bytes of ``parts`` (a member's, in order), the runs' cut from ``last_raw`` (the last
    zip's member, inflated: the file it was also published as), the parts made now inflated
    each on its own: no part of the last zip inflated again."""
    out = []
    for p in parts:
        if p.data is not None:
            out.append(zlib.decompressobj(-15).decompress(p.data))
        else:
            assert p.raw_offset >= 0, "a part to copy, without its place in the last member"
            out.append(last_raw[p.raw_offset : p.raw_offset + p.raw])
    return b"".join(out)


def write_zip(path: Path, members: Iterable[Member], old: Path | None = None) -> Layout:
    """The zip of ``members`` (in name order) at ``path``: parts without data copied from ``old``
    (the last build's zip, at their offsets).  Its layout, for the next build."""
    members = sorted(members, key=lambda m: m.name)
    central: list[bytes] = []
    layout: Layout = {}
    with open(path, "wb", buffering=0) as out, open(old, "rb") if old is not None else nullcontext() as src:
        for m in members:
            name, crc, size, raw = m.name.encode(), m.crc, m.size, m.raw
            if max(size, raw, out.tell()) > _LIMIT:
                raise OSError(f"{path}: {m.name} is past 4 GiB, which this zip writer does not write")
            offset = out.tell()
            head = (8, _DOS_TIME, _DOS_DATE, crc, size, raw, len(name), 0)
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *head) + name)
            for data, at, length in _runs(m.parts):
                if data is not None:
                    out.write(data)
                else:
                    _copy(src, out, at, length)
            out.write(END)
            central.append(_central(head, offset) + name)
            records: list[list] = []
            layout[m.name] = records
            for p in m.parts:
                records.extend(p.layout())  # a run's records in one step
        start = out.tell()
        out.write(b"".join(central))
        n, length = len(central), out.tell() - start
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, length, start, 0))
    return layout


def _runs(parts: list[Part]) -> Iterator[tuple[bytes | None, int, int]]:
    """The parts to write, in order: each made now (its bytes), or a run of parts that follow
    one another in the last zip, copied in one piece (``None``, its offset there and its size) —
    a member of unchanged budgets is one copy, not one a budget."""
    start = size = 0
    for p in parts:
        if p.data is None and size and p.offset == start + size:
            size += p.size
            continue
        if size:
            yield None, start, size
            start = size = 0
        if p.data is not None:
            yield p.data, 0, len(p.data)
        elif p.size:
            start, size = p.offset, p.size
    if size:
        yield None, start, size


def _central(head: tuple[int, ...], offset: int) -> bytes:
    """A member's entry in the central directory (``head``: as in its local header)."""
    entry = struct.pack("<IHHHH", 0x02014B50, (3 << 8) | 20, 20, 0, head[0])
    return entry + struct.pack("<HHIIIHHHHHII", *head[1:], 0, 0, 0, 0o644 << 16, offset)


def _copy(src: BinaryIO | None, out: BinaryIO, offset: int, size: int) -> None:
    """``size`` bytes of ``src`` from ``offset`` appended to ``out`` (unbuffered, so its position is
    the file's)."""
    assert src is not None, "a part to copy, without the zip to copy it from"
    fin, fout = src.fileno(), out.fileno()
    done = 0
    while done < size:
        try:
            n = os.copy_file_range(fin, fout, size - done, offset + done)
        except OSError:  # not between these file systems: read and write
            n = os.write(fout, os.pread(fin, min(size - done, 1 << 24), offset + done))
        if n == 0:
            raise OSError(f"the last build's zip ends before its layout says ({offset + done})")
        done += n


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of A + B from A's (``crc1``), B's (``crc2``) and B's length."""
    if len2 == 0:
        return crc1
    native = _native_combine()
    if native is not None:
        return native(crc1, crc2, len2) & 0xFFFFFFFF
    return _multmodp(_x2nmodp(len2, 3), crc1) ^ crc2


@functools.cache
def _native_combine() -> Callable[[int, int, int], int] | None:
    """zlib's own ``crc32_combine64`` (the library Python's zlib module is built on), if it loads."""
    name = ctypes.util.find_library("z")
    try:
        fn = ctypes.CDLL(name or "libz.so.1").crc32_combine64
    except (OSError, AttributeError):
        return None
    fn.restype, fn.argtypes = ctypes.c_ulong, [ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int64]
    return fn


_POLY = 0xEDB88320  # CRC-32's polynomial, reflected


def _multmodp(a: int, b: int) -> int:
    """a × b modulo the polynomial (zlib's multmodp, reflected bit order)."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if (a & (m - 1)) == 0:
                return p
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _x2nmodp(n: int, k: int) -> int:
    """x^(n × 2^k) modulo the polynomial (zlib's x2nmodp)."""
    p = 1 << 31  # x^0
    while n:
        if n & 1:
            p = _multmodp(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return p


def _x2n_table() -> list[int]:
    table, p = [], 1 << 30  # x^1
    for _ in range(32):
        table.append(p)
        p = _multmodp(p, p)
    return table


_X2N = _x2n_table()
