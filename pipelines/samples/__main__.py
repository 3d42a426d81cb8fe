"""``python -m pipelines.samples --out raw --n 20 --seed 2026``: write sample reports + truth."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .corpus import generate_corpus


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    p = argparse.ArgumentParser(prog="python -m pipelines.samples", description=__doc__)
    p.add_argument("--out", default="raw", help="output folder (default: raw)")
    p.add_argument("--n", type=int, default=20, help="number of reports (default: 20)")
    p.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    p.add_argument("--inconsistent-rate", type=float, default=0.1,
                   help="share of department reports that break one consistency rule (default: 0.1)")
    p.add_argument("--utf8-only", action="store_true", help="write every file in UTF-8 (default: ~10%% GB18030)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Write the corpus the options ask for."""
    args = parse_args(argv)
    paths = generate_corpus(args.out, args.n, seed=args.seed, encoding_mix=not args.utf8_only,
                            inconsistent_rate=args.inconsistent_rate)
    print(f"wrote {len(paths)} reports (truth in .truth/) to {args.out}")


if __name__ == "__main__":
    main()
