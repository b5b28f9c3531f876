"""python -m bench [--seconds N]: every benchmark, each printing its baseline beside its figures."""
from __future__ import annotations

import argparse

from bench import document_page


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each load test (default 10)")
    args = parser.parse_args()
    document_page.main(seconds=args.seconds)


if __name__ == "__main__":
    main()
