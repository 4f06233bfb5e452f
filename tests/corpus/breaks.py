"""Where a printed line may break, so that joining the lines back by the data contract's rule
(tests/golden/CONVENTIONS.md) gives the golden text: the corpus's own statement of the rule,
not the reader's code.

- Beside a CJK ideograph or CJK punctuation a break is always safe (joined without a space).
- At a space between two ASCII characters (between two ASCII letters/digits in a label) a
  break is safe (joined with one space).
- Nowhere else: not inside an ASCII run (``IDC``, ``深蓝-2024``, ``1.0``), not at a space beside
  a CJK character (``2024 年``: joining would lose the space), not beside other characters
  (``m ²``, ``≥``, ``“``) whose treatment could be read either way.
- An amount in a narrow cell may break anywhere (``21141.1`` / ``2``).
"""

from __future__ import annotations

from collections.abc import Callable

KINDS = ("label", "text", "number", "head")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF  # unified ideographs
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0x3000 <= o <= 0x303F  # CJK punctuation 、。《》「」…
        or 0xFF00 <= o <= 0xFFEF  # full-width forms （）：，；
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
    )


def _ascii(ch: str) -> bool:
    return " " < ch <= "~"


def _space_breaks(a: str, b: str, kind: str) -> bool:
    if kind == "label":
        return a.isascii() and b.isascii() and a.isalnum() and b.isalnum()
    return _ascii(a) and _ascii(b)


def atoms(text: str, kind: str) -> list[str]:
    """``text`` cut where a line may break; an atom that starts with a space breaks there
    (the space is dropped at the start of a line)."""
    if kind == "number":
        return list(text)
    out: list[str] = []
    pending_space = False
    for ch in text:
        if ch == " ":
            pending_space = True
            continue
        if not out:
            out.append(ch)
        elif pending_space:
            if _space_breaks(out[-1][-1], ch, kind):
                out.append(" " + ch)
            else:
                out[-1] += " " + ch
        elif is_cjk(ch) or is_cjk(out[-1][-1]) or kind == "head":
            out.append(ch)
        else:
            out[-1] += ch
        pending_space = False
    return out


def wrap(text: str, kind: str, room: float, measure: Callable[[str], float], first: float | None = None) -> list[str]:
    """Greedy line breaking at the safe places; ``first``: the room on the first line.
    An atom wider than the room stays whole (it overflows rather than breaks unsafely)."""
    lines: list[str] = []
    cur = ""
    for a in atoms(text, kind):
        limit = first if (first is not None and not lines) else room
        candidate = cur + a if cur else a.lstrip(" ")
        if cur and measure(candidate) > limit:
            lines.append(cur)
            cur = a.lstrip(" ")
        else:
            cur = candidate
    if cur:
        lines.append(cur)
    return lines


def join(lines: list[str], kind: str) -> str:
    """Lines joined back by the contract's rule (what a correct reader gives)."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if out and kind != "number" and not is_cjk(out[-1]) and not is_cjk(line[0]):
            out += " "
        out += line
    if kind in ("label", "head"):
        return _label(out)
    return out


def _label(text: str) -> str:
    chars = list(text)
    keep = []
    for i, ch in enumerate(chars):
        if ch == " ":
            a, b = chars[i - 1] if i else "", chars[i + 1] if i + 1 < len(chars) else ""
            if not (a.isascii() and b.isascii() and a.isalnum() and b.isalnum()):
                continue
        keep.append(ch)
    return "".join(keep)
