"""Functions longer than a limit (default 60 lines, decorators and docstring included).

    python tools/long_functions.py generator [--max 60] [--skip generator/read]

Prints one line per function over the limit, longest first, and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path


def long_functions(root: Path, limit: int, skip: list[Path]) -> list[tuple[int, str]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if any(path.is_relative_to(s) for s in skip):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - start + 1
                if length > limit:
                    found.append((length, f"{path}:{node.lineno}: {node.name} ({length} lines)"))
    return sorted(found, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--max", type=int, default=60)
    parser.add_argument("--skip", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    found = long_functions(args.root, args.max, args.skip)
    for _, line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
