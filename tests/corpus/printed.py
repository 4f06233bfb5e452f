"""What a budget document prints, producer-neutral: blocks of text and tables with merged cells.
Both PDF producers lay out the same ``Document``; the self-check checks the PDF against it."""

from __future__ import annotations

from dataclasses import dataclass, field

NUMERALS = "一二三四五六七八九十"


@dataclass
class Cell:
    text: str
    kind: str  # breaks.KINDS: "label" | "text" | "number" | "head"
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    data: bool = False  # prints an expected value (checked by the self-check)


@dataclass
class Band:
    """Header rows (printed again on continuation pages when the layout repeats headers) and
    the body rows under them; a table is one band or more, one under the other."""

    head: list[Cell] = field(default_factory=list)
    head_rows: int = 0
    body: list[Cell] = field(default_factory=list)
    body_rows: int = 0

    def add_row(self, cells: list[tuple[str, str, int, int, int, bool]]) -> None:
        """One body row: (text, kind, col, rowspan, colspan, data) per cell that starts in it."""
        r = self.body_rows
        self.body.extend(Cell(t, k, r, c, rs, cs, d) for t, k, c, rs, cs, d in cells)
        self.body_rows += 1

    def add_plain_row(self, cells: list[tuple[str, str]], data: bool = True) -> None:
        """One body row of single cells, left to right."""
        self.add_row([(t, k, c, 1, 1, data and k != "head") for c, (t, k) in enumerate(cells)])


@dataclass
class Table:
    resource: str
    title: str  # the bare title (收支总表); "" for a table inside the text
    widths: list[float]  # points at landscape scale; producers scale them to the page
    bands: list[Band]
    rules: str = "grid"
    number: int = 0  # 表N
    note: str = ""  # a line printed under the table
    unit_line: bool = True  # 单位名称：… 单位：万元

    @property
    def wide(self) -> bool:
        return sum(self.widths) > 520

    def data_cells(self) -> list[Cell]:
        return [c for b in self.bands for c in b.body if c.data and c.text]


@dataclass(frozen=True)
class Para:
    text: str
    style: str  # "cover" | "date" | "contents-title" | "contents" | "part" | "heading" | "body" | "divider"
    data: bool = False  # a paragraph of the sections text (checked by the self-check)


Block = Para | Table


@dataclass
class Document:
    year: str
    department: str
    blocks: list[Block]

    @property
    def running_header(self) -> str:
        return f"{self.year}年{self.department}部门预算"

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def numeral(n: int) -> str:
    """1 → 一, 14 → 十四, 20 → 二十."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, unit = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[unit - 1] if unit else "")


def title_lines(table: Table, form: str) -> list[str]:
    """The lines a table's title is printed as, in one of layouts.TITLES's forms."""
    n = table.number
    if form == "cn-colon":
        return [f"表{numeral(n)}：{table.title}"]
    if form == "num-space":
        return [f"表{n} {table.title}"]
    if form == "above":
        return [f"表{numeral(n)}", table.title]
    return [table.title]
