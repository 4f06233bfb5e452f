"""Lines of a document → the standard tables and text parts (work in progress)."""

from __future__ import annotations

from .model import Budget, Line, Metadata, Source


def parse_document(lines: list[Line], meta: Metadata, source: Source) -> Budget:
    return Budget(meta=meta, source=source)
