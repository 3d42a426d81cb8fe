"""Align the cells of one row with the header's columns when the columns are not known.

A row rebuilt from text may miss blank cells (space-aligned rows), leave out cells a merge
covers (the level-1 name of all but the first indicator row), or carry extra empty cells. The
cells keep their order, so the row is aligned with the header's columns by a small dynamic
program: each cell goes to a column its type fits (a number to a value column, a percentage to
the rate column, a level name to its level column, text to a text column), columns may be left
empty (cheaply where cells are often merged or blank, freely after the row's last cell), and the
best total wins.

>>> align(["row", "num", "num", "blank", "pct", "blank"], [None, "money", "money", "weight", "rate", "score"])
[0, 1, 2, 3, 4, 5]
>>> align(["level2", "text", "text", "text", "num", "num"],
...       [None, "level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"])
[2, 3, 4, 5, 6, 7]
"""

from __future__ import annotations

# (cell type, column role) -> how well the cell fits; missing pairs fit badly (-3).
FIT: dict[tuple[str, str | None], float] = {
    ("blank", None): 0.0,
    ("num", "money"): 2, ("num", "rate"): 1, ("num", "weight"): 1.9, ("num", "score"): 1.9, ("num", "target"): 1,
    ("num", "actual"): 1.5, ("num", "ignore"): 0, ("num", "level3"): -1, ("num", "deviation"): -2,
    ("big", "money"): 2, ("big", "target"): 1, ("big", "actual"): 1.5, ("big", "ignore"): 0,
    ("pct", "rate"): 3, ("pct", "target"): 1.5, ("pct", "actual"): 2, ("pct", "ignore"): 0,
    ("level1", "level1"): 3, ("level1", "level2"): 1, ("level2", "level2"): 3, ("level2", "level1"): 1,
    ("row", None): 3, ("row", "item"): 1, ("row", "level3"): 0.5,
    ("text", None): 1, ("text", "level1"): 0.3, ("text", "level2"): 0.3, ("text", "level3"): 1.5,
    ("text", "target"): 1, ("text", "actual"): 1, ("text", "deviation"): 0.8, ("text", "expected"): 1,
    ("text", "achieved"): 1, ("text", "item"): 1.5, ("text", "ignore"): 0.2, ("text", "measure_unit"): 0.2,
    ("text", "prev_deviation"): 0.6, ("num", "prev_deviation"): -3, ("text", "prev_ignore"): 0.6,
    ("num", "prev_ignore"): 0.1, ("unit", "prev_ignore"): 0.3,
    ("operator", "nature"): 3, ("operator", "target"): 0.5, ("unit", "measure_unit"): 3, ("unit", "target"): 0.2,
    ("unit", "actual"): 0.2,
}
# Columns a row often leaves out (merged from above, blank at the end, or of no interest).
CHEAP_TO_SKIP = frozenset({None, "level1", "level2", "deviation", "prev_deviation", "prev_ignore", "ignore",
                           "measure_unit", "nature", "expected", "achieved"})
SKIP = -1.0
DROP = -4.0


def fit(cell: str, role: str | None) -> float:
    if cell == "blank":
        return 0.0
    return FIT.get((cell, role), -3.0)


def align(cells: list[str], roles: list[str | None]) -> list[int | None]:
    """For each cell (by type), the index of the column it belongs to (None: dropped)."""
    n, m = len(cells), len(roles)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int, bool] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == neg:
                continue
            if i < n and j < m:  # cell i into column j (ties go to the leftmost column)
                v = here + fit(cells[i], roles[j]) - 0.001 * j
                if v > best[i + 1][j + 1]:
                    best[i + 1][j + 1], step[i + 1][j + 1] = v, (i, j, True)
            if j < m:  # column j left empty
                v = here + (0.0 if roles[j] in CHEAP_TO_SKIP else SKIP)
                if v > best[i][j + 1]:
                    best[i][j + 1], step[i][j + 1] = v, (i, j, False)
            if i < n:  # cell i dropped
                v = here + DROP
                if v > best[i + 1][j]:
                    best[i + 1][j], step[i + 1][j] = v, (i, j, False)
    out: list[int | None] = [None] * n
    i, j = n, max(range(m + 1), key=lambda k: best[n][k])  # columns after the last cell are free to leave empty
    while (i, j) != (0, 0):
        prev = step[i][j]
        assert prev is not None
        pi, pj, matched = prev
        if matched:
            out[pi] = pj
        i, j = pi, pj
    return out
