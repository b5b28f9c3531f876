"""python -m bench [--quick] [--merge-only] [--change-costs] [--no-congress] [--no-ballots] [--seconds N] [--rounds N] [--memory-seconds N] [--markdown] [--readme]

The speed goals of issue 9 (bench/goals.py), each beside its baseline measured in the same
run, then (not with --quick) other in-process figures (bench/document_page.py).
--markdown prints the README section; --readme writes it into README.md between its markers.
"""
from __future__ import annotations

import argparse

from bench import congress_goals, document_page, goals


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true",
                        help="shorter rounds, fewer requests (about 1.5 minutes)")
    parser.add_argument("--seconds", type=int, help="duration of each load measurement (default 5, quick 2)")
    parser.add_argument("--rounds", type=int, help="rounds of load measurements (default 3, quick 2)")
    parser.add_argument("--memory-seconds", type=int,
                        help="time bound of the 10,000-request memory run (default 90, quick 30)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the README figures section in Markdown")
    parser.add_argument("--readme", action="store_true", help="write that section into README.md")
    parser.add_argument("--merge-only", action="store_true",
                        help="only goal 3: build the large document and time one-clause merges")
    parser.add_argument("--change-costs", action="store_true",
                        help="only issue 20.3: merge, check, vote close and compare, small world and congress")
    parser.add_argument("--no-congress", action="store_true",
                        help="leave out the congress world of issue 20 (bench/congress.py)")
    parser.add_argument("--no-ballots", action="store_true",
                        help="leave out the 400-delegate vote on PostgreSQL (bench/congress_ballots.py)")
    args = parser.parse_args()
    if args.merge_only:
        goals.print_merge(goals.merge_only(goals.Settings() if not args.quick else goals.Settings.quick()))
        return
    settings = goals.Settings.quick() if args.quick else goals.Settings()
    if args.change_costs:
        congress_goals.print_change_costs(congress_goals.change_costs_only(settings.merges))
        return
    settings.seconds = args.seconds or settings.seconds
    settings.rounds = args.rounds or settings.rounds
    settings.memory_seconds = args.memory_seconds or settings.memory_seconds
    results = goals.main(settings, with_congress=not args.no_congress, ballots=not args.no_ballots)
    goals.print_table(results)
    extra = [] if args.quick else document_page.main()
    section = goals.markdown(results, extra)
    if args.markdown:
        print("\n" + section)
    if args.readme:
        goals.write_readme(section, goals.load.ROOT / "README.md")
        print("README.md: figures written.")


if __name__ == "__main__":
    main()
