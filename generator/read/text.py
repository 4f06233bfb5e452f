"""Text extractions of budget PDFs → lines."""

from __future__ import annotations

from ..model import BudgetError, Line


def decode_text(data: bytes, name: str) -> list[Line]:
    if not data.strip():
        raise BudgetError("the file is empty", source=name)
    if b"\x00" in data[:4096]:
        raise BudgetError("this is a binary file, not a text extraction of a budget", source=name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise BudgetError("the file is neither UTF-8 nor GB18030 text", source=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    return [Line(t, i) for i, t in enumerate(text.split("\n"), start=1)]
