"""The build: every document in content/ → site/ (see ``pipeline``)."""

from .pipeline import SHARD_SIZE, BuildResult, build, load_budgets, shard_budgets, write_data

__all__ = ["SHARD_SIZE", "BuildResult", "build", "load_budgets", "shard_budgets", "write_data"]
