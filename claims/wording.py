"""How a talking point's wording changes: word-level diffs and the remarks-per-year chart of a family.

Both are drawn on the server: the diff as escaped text with <ins>/<del>, the chart as
a table whose cells hold the number and a small bar (an SVG rectangle: no inline style,
which the Content-Security-Policy forbids), so it reads without JavaScript or colour.
"""
import difflib
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

CHART_VARIANTS = 8  # variants drawn one per row; the rest are summed in one row
BAR_HEIGHT = 24  # pixels of the tallest bar


def word_diff(old, new):
    """`new` against `old`, word by word: HTML, every word escaped, removed words in <del>, added ones in <ins>
    (each with a hidden "removed:"/"added:" for screen readers, which announce neither element)."""
    before, after = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(before[i1:i2])))
        if tag in ("delete", "replace"):
            parts.append(f'<del><span class="visually-hidden">removed: </span>{escape(" ".join(before[i1:i2]))}</del>')
        if tag in ("insert", "replace"):
            parts.append(f'<ins><span class="visually-hidden">added: </span>{escape(" ".join(after[j1:j2]))}</ins>')
    return mark_safe(" ".join(parts))


def with_diffs(remarks, before=None):
    """[(remark, diff or None)] in order: each remark that has words of its own, against the nearest earlier one
    in the list that has; `before` stands ahead of the list (the last remark of the page before, if worded)."""
    result, previous = [], before
    for remark in remarks:
        diff = None
        if remark.words and previous is not None:
            diff = word_diff(previous.words, remark.words)
        if remark.words:
            previous = remark
        result.append((remark, diff))
    return result


@dataclass
class Cell:
    count: int
    height: float  # of the bar, in pixels

    @property
    def top(self):
        return round(BAR_HEIGHT - self.height, 1)


@dataclass
class ChartRow:
    label: str
    claim: object  # None for the row of other variants
    cells: list = field(default_factory=list)
    total: int = 0


@dataclass
class Chart:
    years: list  # column headings: years, then None for undated remarks when there are any
    rows: list
    bar_height: int = BAR_HEIGHT

    @property
    def is_empty(self):
        return not self.rows


def remarks_per_year(counts, variants):
    """The chart of a family: `counts` are (claim id, year or None, remarks) rows, `variants` its claims in the
    order the page lists them. The CHART_VARIANTS most said of them get a row each, in that order; every other
    variant's remarks are summed in one last row."""
    totals = {}
    for claim_id, _, n in counts:
        totals[claim_id] = totals.get(claim_id, 0) + n
    said = [claim for claim in variants if totals.get(claim.pk)]
    shown = {claim.pk for claim in sorted(said, key=lambda claim: -totals[claim.pk])[:CHART_VARIANTS]}
    rows = {claim.pk: ChartRow(claim.text, claim) for claim in said if claim.pk in shown}
    others = {claim_id for claim_id in totals if claim_id not in rows}
    other_row = ChartRow(f"{len(others)} other variant{'s' if len(others) != 1 else ''}", None)
    dated = sorted({year for _, year, _ in counts if year is not None})
    years = list(range(dated[0], dated[-1] + 1)) if dated else []
    if any(year is None for _, year, _ in counts):
        years.append(None)
    grid = {}
    for claim_id, year, n in counts:
        key = (claim_id if claim_id in rows else None, year)
        grid[key] = grid.get(key, 0) + n
    peak = max(grid.values(), default=1)
    chart_rows = list(rows.values()) + ([other_row] if others else [])
    for row in chart_rows:
        key = row.claim.pk if row.claim is not None else None
        row.cells = [Cell(grid.get((key, year), 0), round(BAR_HEIGHT * grid.get((key, year), 0) / peak, 1))
                     for year in years]
        row.total = sum(cell.count for cell in row.cells)
    return Chart(years=years, rows=chart_rows)
