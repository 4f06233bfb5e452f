"""Printed amounts: recognising fragments, joining broken numbers, exact ``Decimal`` values."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# A complete printed amount: 5,574.90 / 370 / -1.00 / 0.00
NUMBER = re.compile(r"^-?(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?$")
# Anything that can be a piece of a number broken over lines or cells: "3,020", ".16", "0.", "00", "-"
FRAGMENT = re.compile(r"^-?[\d,]*\.?[\d,]*$")
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
PROCUREMENT_CODE = re.compile(r"^[ABC](?:\d{2}){0,4}$|^[ABC]\d{8}$")


# The same few cell texts ("0.00", "-", a code) recur through every table: remember answers.
@lru_cache(maxsize=1 << 16)
def is_fragment(text: str) -> bool:
    return text == "." or (any(c.isdigit() for c in text) and bool(FRAGMENT.match(text)))


@lru_cache(maxsize=1 << 16)
def is_number(text: str) -> bool:
    return bool(NUMBER.match(text))


def to_decimal(text: str) -> Decimal:
    """The exact value of a printed amount: thousands separators dropped, digits kept."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as e:  # pragma: no cover - guarded by is_number
        raise ValueError(f"not a number: {text!r}") from e


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def squash_number(text: str) -> str:
    """``66 7. 95`` → ``667.95``: a cell whose only content is a number spaced out."""
    s = _SPACE.sub("", text)
    return s if is_fragment(s) else text


def decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def exact_partitions(
    frags: tuple[str, ...], joinable: tuple[bool, ...], k: int, limit: int = 400
) -> list[tuple[str, ...]]:
    """The ways to read ``frags`` as exactly ``k`` complete numbers (at most ``limit``)."""
    n = len(frags)
    memo: dict[tuple[int, int], list[tuple[str, ...]]] = {}

    def go(i: int, left: int) -> list[tuple[str, ...]]:
        if i == n:
            return [()] if left == 0 else []
        if left <= 0 or n - i < left:
            return []
        key = (i, left)
        if key in memo:
            return memo[key]
        out: list[tuple[str, ...]] = []
        acc = ""
        for j in range(i, n):
            if j > i and not joinable[j - 1]:
                break
            acc += frags[j]
            if len(acc) > 24:
                break
            if frags[j] == "∅":
                if j == i:
                    out.extend(("∅", *rest) for rest in go(j + 1, left - 1))
                break
            if is_number(acc):
                for rest in go(j + 1, left - 1):
                    out.append((acc, *rest))
                    if len(out) >= limit:
                        break
            if len(out) >= limit:
                break
        memo[key] = out
        return out

    return go(0, k)
