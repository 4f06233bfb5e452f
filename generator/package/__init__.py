"""Budget model → Frictionless data packages (CSV + Table Schema).

``tables``: each resource's rows as CSV; ``descriptor``: the datapackage.json of a budget and
of ``all``; ``combined``: the ``all`` package; ``archive``: the one zip writer; ``write``: the
only module that writes to disk (a budget's folder and zip, a package swapped in whole).
"""

from .archive import zip_bytes, zip_dir
from .combined import combined_rows, write_combined
from .descriptor import package_descriptor
from .tables import budget_summary_row, format_value
from .write import package_files, write_budget, write_package

__all__ = [
    "budget_summary_row",
    "combined_rows",
    "format_value",
    "package_descriptor",
    "package_files",
    "write_budget",
    "write_combined",
    "write_package",
    "zip_bytes",
    "zip_dir",
]
