"""`python -m matching FILE [FILE ...] --out clusters.csv [--pairs pairs.csv]`."""

from matching.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
