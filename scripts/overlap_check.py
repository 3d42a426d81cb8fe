"""Find third-party text in the repository: runs and figures it shares with real documents.

    .venv/bin/python scripts/overlap_check.py /path/to/realdocs/*/ ../shared/seeds

Real published reports never go into the repository (fixtures use invented names and figures).
This lists, per document, the first 25-character run (whitespace ignored) and the figures of
five or more characters that also stand in a tracked text file (tests/golden, hand-read
expectations of the seeds, is left out). Standard form headers, code-list codes and round
numbers match by nature; anything else is a passage or a figure to replace.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

TEXT_SUFFIXES = (".py", ".md", ".txt", ".yml", ".yaml", ".json", ".csv", ".sql", ".html")
RUN = 25
GENERIC = re.compile(r"(?:19|20)\d\d(?:(?:19|20)?\d*)|\d0+|\d+\.0+|(\d)\1+")


def repository_text(root: Path) -> str:
    """Every tracked text file's content, whitespace removed, in one string."""
    names = subprocess.run(["git", "-C", str(root), "ls-files"], capture_output=True, text=True, check=True).stdout
    parts = []
    for name in names.split():
        if name.endswith(TEXT_SUFFIXES) and not name.startswith("tests/golden/"):
            try:
                parts.append((root / name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    return re.sub(r"\s", "", "\n".join(parts))


def overlaps(document: str, repo: str) -> tuple[str | None, list[str]]:
    """The first shared run of ``RUN`` characters (with some variety), and the shared figures."""
    text = re.sub(r"\s", "", document)
    run = next((text[i:i + RUN] for i in range(0, max(0, len(text) - RUN), 5)
                if len(set(text[i:i + RUN])) > 12 and text[i:i + RUN] in repo), None)
    figures = sorted({m.group() for m in re.finditer(r"\d[\d.]{4,}\d", text)
                      if m.group() in repo and not GENERIC.fullmatch(m.group())})
    return run, figures


def main(argv: list[str]) -> int:
    """Print what each document under the given folders shares with the repository."""
    repo = repository_text(Path(__file__).resolve().parents[1])
    found = 0
    for folder in map(Path, argv[1:]):
        for path in sorted(folder.rglob("*.txt")):
            run, figures = overlaps(path.read_text(encoding="utf-8", errors="ignore"), repo)
            if run or figures:
                found += 1
                print(f"{path}: run {run!r} figures {figures}")
    print(f"{found} document(s) share text or figures with the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
