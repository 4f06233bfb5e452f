"""Running a stage's tasks: in local worker processes (the default) or on a Dask cluster.

A task is a function of a context (what every task of the stage shares: the cache, the site's
context, the staging folder) and one item.  An executor runs ``fn(context, item)`` for every
item and gives back ``(item, result)`` pairs as the tasks finish.

- ``Pool`` (``--executor pool``): forked processes, one per core.  The context is handed to
  each worker once, by the pool's initializer; the parent never changes what a worker holds.
  With one worker, or where processes cannot be forked, the tasks run here.
- ``Dask`` (``--executor dask``): dask.distributed, on the scheduler at ``--scheduler`` or on
  a ``LocalCluster`` started for the build.  The context is a task of its own that every task
  of the stage depends on, so each worker gets it once (and it is made again if the worker
  holding it dies); results come back in the order the tasks finish.  The
  workers write into the staging site and read and write the cache by their paths, so on a
  cluster of several machines both must be on a filesystem every worker mounts at the same
  path; each worker works in the build's folder (a worker plugin), so a relative path means
  the same on a worker.  dask.distributed is an optional extra (``pip install .[dask]``).

Either way a task returns all it made, and a task that raises fails the build as it would
here (a budget's own failure is a value the task returns, never an exception); a task that
kills the Dask workers it runs on (as many times as the scheduler allows) is an
``ExecutorError`` naming its budget.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("pool", "dask")
DASK_MISSING = "--executor dask needs dask.distributed: pip install '.[dask]' (or: pip install distributed)"

# The one thing a worker process holds: its stage's task and context, set by the initializer
# when the process starts (never in the parent).
_task: tuple[Callable[[Any, Any], Any], Any] | None = None


class ExecutorError(Exception):
    """The executor asked for cannot be used (dask.distributed not installed, no scheduler)."""


class Executor(Protocol):
    def map(self, fn: Callable[[C, T], R], context: C, items: Sequence[T]) -> Iterator[tuple[T, R]]:
        """``fn(context, item)`` for every item: ``(item, result)`` as each task finishes."""
        ...


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


class Pool:
    """The local process pool (``jobs`` processes, default one per core)."""

    name = "pool"

    def __init__(self, jobs: int | None = None):
        self.jobs = jobs

    def map(self, fn: Callable[[C, T], R], context: C, items: Sequence[T]) -> Iterator[tuple[T, R]]:
        yield from zip(items, parallel_map(fn, context, items, self.jobs), strict=True)


def _max_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _identity(value: Any) -> Any:
    return value


def _call(item: Any, *, fn: Callable[[Any, Any], Any], context: Any) -> Any:
    """One task on a Dask worker (the context resolved from its scattered copy)."""
    return fn(context, item)


def _name(item: Any) -> str:
    """What a task was for (a budget's id), in a message."""
    return str(getattr(item, "id", None) or (item[0] if isinstance(item, tuple) and item else item))


class Dask:
    """A dask.distributed client: tasks as futures, results as they complete."""

    name = "dask"

    def __init__(self, client: Any):
        self.client = client

    def map(self, fn: Callable[[C, T], R], context: C, items: Sequence[T]) -> Iterator[tuple[T, R]]:
        if not items:
            return
        from distributed import KilledWorker, as_completed
        from distributed.client import FutureCancelledError

        # The context as a task of its own (not scattered data): a worker that dies takes no
        # copy with it that cannot be made again; other workers fetch it from a peer, once.
        shared = self.client.submit(_identity, context, pure=False)
        futures = self.client.map(_call, list(items), fn=fn, context=shared, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for future in as_completed(futures):
                item = items[index[future.key]]
                try:
                    result = future.result()
                except KilledWorker as e:  # the task's own exceptions are raised as they are
                    raise ExecutorError(f"{_name(item)}: its task killed the Dask worker running it ({e})") from e
                except FutureCancelledError as e:
                    raise ExecutorError(f"{_name(item)}: its task was cancelled by the Dask scheduler ({e})") from e
                yield item, result
                future.release()
        finally:
            self.client.cancel(futures)
            shared.release()

    def peak_mib(self) -> tuple[float, int]:
        """The largest peak resident set of the workers (MiB), and how many there are (the
        workers are not this process's children: their memory is asked of them)."""
        peaks = self.client.run(_max_rss)
        return (max(peaks.values()) / 1024 if peaks else 0.0), len(peaks)


def _code_version() -> str:
    from .cache import code_version

    return code_version()


def _check_workers(client: Any, scheduler: str, wait: float = 60) -> None:
    """At least one worker, and every worker running this very code (the cache's keys and the
    pages depend on it): else an ``ExecutorError`` saying which."""
    try:
        client.wait_for_workers(1, timeout=wait)
    except TimeoutError as e:
        raise ExecutorError(f"--scheduler {scheduler}: no Dask worker joined in {wait:.0f} s") from e
    ours = _code_version()
    other = sorted(w for w, v in client.run(_code_version).items() if v != ours)
    if other:
        raise ExecutorError(
            f"--scheduler {scheduler}: {len(other)} worker(s) run another version of the generator "
            f"({', '.join(other[:3])}): install this version on every worker"
        )


def _in_folder(folder: str) -> Any:
    """A worker plugin that makes ``folder`` (the build's) each worker's working folder, now and
    for every worker that joins later: the paths the build hands its tasks may be relative to it
    (``--content content``), and they are said as given in its messages."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class InFolder(WorkerPlugin):
        def setup(self, worker: Any) -> None:
            os.chdir(folder)

    return InFolder()


@contextmanager
def executor(kind: str = "pool", jobs: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """The executor ``kind`` for one build: the pool, or a Dask client (on ``scheduler``, else on a
    ``LocalCluster`` of ``jobs`` single-threaded worker processes, closed when the build ends)."""
    if kind == "pool":
        if scheduler:
            raise ExecutorError("--scheduler is for --executor dask")
        yield Pool(jobs)
        return
    if kind != "dask":
        raise ExecutorError(f"unknown executor {kind!r} (one of: {', '.join(EXECUTORS)})")
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ExecutorError(DASK_MISSING) from e
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as e:
            raise ExecutorError(f"--scheduler {scheduler}: cannot connect ({e})") from e
        with client:
            _check_workers(client, scheduler)
            client.register_plugin(_in_folder(os.getcwd()), name="budget-site-folder")
            yield Dask(client)
        return
    n = jobs or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        yield Dask(client)
