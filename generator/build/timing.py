"""Wall time, processor time and memory of each stage of a build, for its log."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Log = Callable[..., None]


def rss_mib() -> float:
    """This process's resident memory now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class Stages:
    """Wall time and processor time (this process and its workers) of each stage."""

    def __init__(self, log: Log):
        self.log = log
        self.times: list[tuple[str, float, float, float]] = []

    @staticmethod
    def _cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0, c0 = time.perf_counter(), self._cpu()
        yield
        self.times.append((name, time.perf_counter() - t0, self._cpu() - c0, rss_mib()))

    def report(self) -> None:
        self.log(
            "stages: "
            + ", ".join(f"{name} {secs:.1f} s (cpu {cpu:.1f} s, {rss:.0f} MiB)" for name, secs, cpu, rss in self.times)
        )
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.log(f"peak memory: {own:.0f} MiB in this process, {kids:.0f} MiB in the largest worker")
