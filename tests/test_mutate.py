"""The mutation check (`make mutants`, tools/mutate.py) stays usable: every bug it plants is
found once in the code it changes, and the tests it names exist, so the code moving on does not
quietly leave a mutant with nothing to change."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("mutate", ROOT / "tools" / "mutate.py")
assert _spec and _spec.loader
mutate = importlib.util.module_from_spec(_spec)
sys.modules["mutate"] = mutate  # its dataclasses look their module up
_spec.loader.exec_module(mutate)


@pytest.mark.parametrize("mutant", mutate.MUTANTS, ids=[m.name for m in mutate.MUTANTS])
def test_every_mutant_finds_its_code_once_and_its_tests(mutant) -> None:  # type: ignore[no-untyped-def]
    text = (ROOT / mutant.file).read_text(encoding="utf-8")
    assert text.count(mutant.old) == 1, (
        f"{mutant.name}: {mutant.old!r} is in {mutant.file} {text.count(mutant.old)} times"
    )
    assert mutant.new != mutant.old
    assert all((ROOT / t).is_file() for t in mutant.tests), mutant.tests
