"""all.zip's members made of parts, one a budget (generator/package/zipparts.py): any zip reader
reads a member as one stream; a zip made with some parts copied from the last one is the same
bytes as one made anew."""

from __future__ import annotations

import os
import random
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.package import zipparts
from generator.package.zipparts import (
    Layout,
    Member,
    Part,
    crc32_combine,
    inflated,
    old_members,
    spliced_raw,
    write_zip,
)

HEADER = "\ufeffbudget,line,text\r\n".encode()


def rows(seed: int) -> dict[str, bytes]:
    rng = random.Random(seed)
    return {
        f"2024-b{i:02d}": "".join(
            f"2024-b{i:02d},{n},收入{rng.random()}\r\n" for n in range(rng.randint(0, 400))
        ).encode()
        for i in range(12)
    }


def member(data: dict[str, bytes], old: dict[str, Part] | None = None, changed: str = "") -> Member:
    parts = [old[k] if old is not None and k != changed else Part.of(k, v) for k, v in data.items()]
    return Member("t.csv", [Part.of("", HEADER), *parts])


def parts_alone(layout: Layout, member: str) -> dict[str, Part]:
    """The parts of a member of the zip written with ``layout``, by name, each on its own (a run of
    one part, to be copied from that zip)."""
    m = old_members(layout)[member]
    return {m.names[i]: m.run(i, i + 1) for i in range(len(m.names))}


@pytest.mark.parametrize("native", [True, False])
def test_crcs_combine_as_of_the_joined_bytes(native: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not native:
        monkeypatch.setattr(zipparts, "_native_combine", lambda: None)
    for a, b in [(b"", b"x"), (os.urandom(7), os.urandom(100_000)), (b"abc" * 999, "中文".encode() * 3)]:
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_a_zip_with_parts_copied_from_the_last_one_is_the_zip_made_anew(tmp_path: Path) -> None:
    data = rows(1)
    layout = write_zip(tmp_path / "first.zip", [member(data), Member("a.json", [Part.of("", b"{}")])])
    with zipfile.ZipFile(tmp_path / "first.zip") as zf:
        assert zf.testzip() is None and zf.read("t.csv") == HEADER + b"".join(data.values())
    changed = "2024-b05"
    data[changed] = b"2024-b05,1,changed\r\n"
    old = parts_alone(layout, "t.csv")
    again = member(data, old, changed)
    assert inflated([old["2024-b03"]], tmp_path / "first.zip") == data["2024-b03"]
    assert inflated(again.parts, tmp_path / "first.zip") == HEADER + b"".join(data.values())  # runs and a new part
    write_zip(tmp_path / "again.zip", [again, Member("a.json", [Part.of("", b"{}")])], tmp_path / "first.zip")
    write_zip(tmp_path / "anew.zip", [member(data), Member("a.json", [Part.of("", b"{}")])])
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "anew.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "again.zip") as zf:
        assert zf.testzip() is None and zf.read("t.csv") == HEADER + b"".join(data.values())


def test_the_unchanged_budgets_parts_are_copied_a_run_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One copy for each run of parts that follow one another in the last zip: a member with one
    budget changed in its middle is two copies, whatever the number of budgets; parts left out or
    put in another order end a run, and the zip is still the one made anew."""
    data = rows(2)
    layout = write_zip(tmp_path / "first.zip", [member(data)])
    old = parts_alone(layout, "t.csv")
    copies: list[tuple[int, int]] = []
    copy = zipparts._copy

    def counted(src, out, offset: int, size: int) -> None:  # type: ignore[no-untyped-def]
        copies.append((offset, size))
        copy(src, out, offset, size)

    monkeypatch.setattr(zipparts, "_copy", counted)
    data["2024-b05"] = b"2024-b05,1,changed\r\n"
    write_zip(tmp_path / "again.zip", [member(data, old, "2024-b05")], tmp_path / "first.zip")
    assert len(copies) == 2
    assert sum(size for _, size in copies) == sum(p.size for k, p in old.items() if k not in ("", "2024-b05"))
    write_zip(tmp_path / "anew.zip", [member(data)])
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "anew.zip").read_bytes()

    copies.clear()
    kept = {k: v for k, v in reversed(list(data.items())) if k != "2024-b08"}  # one left out, the rest reversed
    write_zip(tmp_path / "other.zip", [member(kept, old, "2024-b05")], tmp_path / "first.zip")
    write_zip(tmp_path / "other-anew.zip", [member(kept)])
    assert (tmp_path / "other.zip").read_bytes() == (tmp_path / "other-anew.zip").read_bytes()
    assert len(copies) == sum(1 for k in kept if k != "2024-b05" and old[k].size)


def test_a_member_spliced_from_the_last_one_keeps_runs_and_is_the_member_made_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``OldMember.spliced``: the last zip's parts of the budgets kept, in runs (a copy each: the
    stretches between the budgets changed, removed or added), with the new parts put where their
    names sort, first and last included; the zip is the one made anew, and its layout too."""
    data = rows(3)
    layout = write_zip(tmp_path / "first.zip", [member(data)])
    old = old_members(layout)["t.csv"]
    data["2024-b05"] = b"2024-b05,1,changed\r\n"
    del data["2024-b08"]
    new = {
        "2024-a00": b"2024-a00,1,first\r\n",
        "2024-b05a": b"2024-b05a,1,between\r\n",
        "2024-b99": b"2024-b99,1,last\r\n",
    }
    data = dict(sorted({**data, **new}.items()))
    made = {k: Part.of(k, data[k]) for k in ("2024-b05", *new)}
    parts = old.spliced({"2024-b05", "2024-b08"}, made)
    copies: list[int] = []
    copy = zipparts._copy
    monkeypatch.setattr(zipparts, "_copy", lambda src, out, at, size: copies.append(size) or copy(src, out, at, size))
    again = write_zip(tmp_path / "again.zip", [Member("t.csv", [Part.of("", HEADER), *parts])], tmp_path / "first.zip")
    anew = write_zip(tmp_path / "anew.zip", [member(data)])
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "anew.zip").read_bytes()
    assert again == anew
    assert [p.name for p in parts if p.records is None] == ["2024-a00", "2024-b05", "2024-b05a", "2024-b99"]
    # kept: b00–b04 (one run), b06–b07 (one), b09–b11 (one); empty budgets' parts copy nothing
    runs = [[r[0] for r in p.records] for p in parts if p.records is not None]
    assert runs == [
        [f"2024-b{i:02d}" for i in range(5)],
        ["2024-b06", "2024-b07"],
        ["2024-b09", "2024-b10", "2024-b11"],
    ]
    assert len(copies) == 3
    with zipfile.ZipFile(tmp_path / "again.zip") as zf:
        assert zf.testzip() is None and zf.read("t.csv") == HEADER + b"".join(data.values())
    # The member published alone too: the kept runs cut from the last one's bytes, nothing inflated
    # from the last zip.
    with zipfile.ZipFile(tmp_path / "first.zip") as zf:
        last_raw = zf.read("t.csv")
    monkeypatch.setattr(zipparts, "inflated", None)
    assert spliced_raw([Part.of("", HEADER), *parts], last_raw) == HEADER + b"".join(data.values())
