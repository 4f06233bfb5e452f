"""Running a stage's tasks in worker processes.

A task is a function of a context (what every task of the stage shares: the cache, the site's
context, the staging folder) and one item.  The context is handed to each worker once, by the
pool's initializer; the parent never changes what a worker holds, and a task returns all it
made.  With one worker, or where processes cannot be forked, the tasks run here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

# The one thing a worker process holds: its stage's task and context, set by the initializer
# when the process starts (never in the parent).
_task: tuple[Callable[[Any, Any], Any], Any] | None = None


def _install(fn: Callable[[Any, Any], Any], context: Any) -> None:
    global _task
    _task = (fn, context)


def _run(item: Any) -> Any:
    assert _task is not None, "a worker without its task"
    fn, context = _task
    return fn(context, item)


def workers(jobs: int | None, n: int) -> int:
    """How many processes for ``n`` items (``jobs``, default one per core)."""
    return max(1, min(jobs or os.cpu_count() or 1, n))


def parallel_map(fn: Callable[[C, T], R], context: C, items: Sequence[T], jobs: int | None) -> Iterator[R]:
    """``fn(context, item)`` for every item, in forked worker processes (or here, for one worker
    or no fork), the results in order, each as it comes (so they need not all be held at once)."""
    n = workers(jobs, len(items))
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (fn(context, item) for item in items)
        return
    mp = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=n, mp_context=mp, initializer=_install, initargs=(fn, context)) as pool:
        yield from pool.map(_run, items, chunksize=max(1, min(8, len(items) // (n * 8))))
