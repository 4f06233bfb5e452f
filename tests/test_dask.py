"""The build on dask.distributed (``--executor dask``) makes the same site as the process pool,
byte for byte, and a document that cannot be read is that budget's failure, said the same way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_incremental import SEEDS, assert_same_site, files_of, make_content, quiet

from generator.build import build
from generator.build.cache import ExtractionCache
from generator.build.workers import ExecutorError, executor
from generator.cli import main

distributed = pytest.importorskip("distributed")  # installed with the test extras (Makefile)


def _content(tmp_path: Path, seeds: list[Path]) -> Path:
    """Seeds and one document that is not a budget (its metadata is a seed's)."""
    content = make_content(tmp_path, seeds)
    year = content / "budgets" / "2024"
    (year / "not-a-budget.txt").write_text("这不是一份部门预算。\n", encoding="utf-8")
    shutil.copy(seeds[0].with_suffix(".yml"), year / "not-a-budget.yml")
    return content


def test_a_two_worker_cluster_builds_the_pool_site_byte_for_byte(tmp_path: Path) -> None:
    content = _content(tmp_path, SEEDS[:3])
    pool = build(content, tmp_path / "pool", log=quiet, cache=ExtractionCache(tmp_path / "c1"), jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        assert len(cluster.workers) == 2
        lines: list[str] = []
        dask = build(
            content,
            tmp_path / "dask",
            log=lambda *a, **k: lines.append(" ".join(map(str, a))),
            # its own cache, at a URL (fsspec, as a bucket would be): the workers read every document
            cache=ExtractionCache(tmp_path / "c2", url=(tmp_path / "store").as_uri()),
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
    assert [b.id for b in dask.budgets] == [b.id for b in pool.budgets] and len(pool.budgets) == 3
    assert dask.failures == pool.failures and len(pool.failures) == 1
    assert "not-a-budget.txt" in pool.failures[0]
    assert any(line.startswith("stages: discover") and "start dask" in line for line in lines)
    assert any(line.startswith("peak memory of the Dask workers: ") and line.endswith(" of 2") for line in lines)
    assert_same_site(tmp_path / "pool", tmp_path / "dask", exact=True)
    assert len(files_of(tmp_path / "pool")) > 50
    assert len(list((tmp_path / "store").rglob("*.pickle"))) >= 3 and not list((tmp_path / "c2").rglob("*.pickle"))


def test_a_local_cluster_when_no_scheduler_is_given_and_a_rebuild_on_it(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS[:1])
    cache = ExtractionCache(tmp_path / "c2")
    build(content, tmp_path / "pool", log=quiet, cache=ExtractionCache(None), search=False)
    run = lambda: build(content, tmp_path / "dask", log=quiet, cache=cache, jobs=2, search=False, executor="dask")  # noqa: E731
    assert run().ok
    assert_same_site(tmp_path / "pool", tmp_path / "dask", exact=True)
    (content / "budgets" / "2024" / SEEDS[0].with_suffix(".yml").name).write_text(
        SEEDS[0].with_suffix(".yml").read_text(encoding="utf-8").replace("department_en: ", "department_en: Renamed "),
        encoding="utf-8",
    )
    assert run().ok
    build(content, tmp_path / "pool", log=quiet, cache=ExtractionCache(None), search=False)
    assert_same_site(tmp_path / "pool", tmp_path / "dask")


def test_the_site_context_a_worker_has_rendered_with_can_be_sent_to_a_peer() -> None:
    # A worker holding the shared context renders with it, then hands it to a worker that needs
    # it: Dask pickles it then (cloudpickle), and a context that no longer pickles left that
    # worker's task waiting for it for ever (the hang seen under load).
    import cloudpickle

    from generator.build.extract import digest_of
    from generator.build.pages import prepare
    from generator.checks import run_checks
    from generator.read import read_budget
    from generator.site.pages import budget_pages

    budget = read_budget(SEEDS[0])
    findings = run_checks(budget)
    ctx = prepare(SEEDS[0].parents[2], [digest_of(budget, findings)])
    first = budget_pages(ctx, budget, findings, {}, None).pages
    copy = cloudpickle.loads(cloudpickle.dumps(ctx))
    assert budget_pages(copy, budget, findings, {}, None).pages == first


def test_the_executor_asked_for_must_be_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExecutorError, match="--scheduler is for --executor dask"), executor("pool", scheduler="x"):
        pass
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)  # as if not installed
    with pytest.raises(ExecutorError, match=r"pip install '\.\[dask\]'"), executor("dask"):
        pass
    result = CliRunner().invoke(main, ["build", "--executor", "dask"])
    assert result.exit_code == 2 and "pip install '.[dask]'" in result.stderr
    result = CliRunner().invoke(main, ["build", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--scheduler is for --executor dask" in result.stderr


def _die(context: object, item: str) -> str:
    if item == "b":
        import os

        os._exit(3)  # the worker process dies, as one killed for its memory would
    return item


def test_a_task_that_kills_its_worker_is_named(tmp_path: Path) -> None:
    """Said as an ExecutorError naming the budget (the CLI says it in one line), not a traceback.
    (A worker's death counts against every task it was running: a task of its own here.)"""
    import dask

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0") as cluster,
        executor("dask", scheduler=cluster.scheduler_address) as run,
    ):
        assert list(run.map(_die, None, ["a"])) == [("a", "a")]
        with pytest.raises(ExecutorError, match=r"^b: its task killed the Dask worker running it"):
            list(run.map(_die, None, ["b"]))


def test_a_scheduler_without_workers_or_with_other_code_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build import cache, workers

    with distributed.LocalCluster(n_workers=0, dashboard_address=":0") as cluster:
        with (
            distributed.Client(cluster.scheduler_address) as client,
            pytest.raises(ExecutorError, match="no Dask worker"),
        ):
            workers._check_workers(client, cluster.scheduler_address, wait=1)
        cluster.scale(1)
        with distributed.Client(cluster.scheduler_address) as client:
            workers._check_workers(client, cluster.scheduler_address)  # the same code: accepted
            monkeypatch.setattr(cache, "code_version", lambda: "another")  # here only, not in the worker
            with pytest.raises(ExecutorError, match=r"1 worker\(s\) run another version of the generator"):
                workers._check_workers(client, cluster.scheduler_address)


def test_workers_elsewhere_read_the_paths_the_build_was_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers started in another folder than the build's (as on other machines) get relative
    paths right: they work in the build's folder."""
    content = make_content(tmp_path, SEEDS[:1]).rename(tmp_path / "corpus")  # no such folder where the tests run
    build(content, tmp_path / "pool", log=quiet, cache=ExtractionCache(None), search=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0") as cluster:
        monkeypatch.chdir(tmp_path)  # the build's folder; the worker's is still the tests'
        result = build(
            Path("corpus"), Path("dask"), log=quiet, cache=ExtractionCache(Path("c")), search=False,
            executor="dask", scheduler=cluster.scheduler_address,
        )  # fmt: skip
    assert result.ok, result.failures
    assert_same_site(tmp_path / "pool", tmp_path / "dask")
