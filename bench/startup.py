"""Start-up of the command line (issue 11 class 10), before and after, side by side in one run.

Times, each in a new process, ``yusuan --help`` and ``yusuan check`` of a small text disclosure
(examples/culture_bureau_2024.md) for BEFORE (git revision 844936d, checked out into a temporary
``git worktree`` and run with PYTHONPATH at its src) and AFTER (this working tree's src). The two
trees' runs alternate, so a busy machine slows both alike. Prints the median wall time of each and
the ratio; asserts nothing.

Run: .venv/bin/python bench/startup.py [--runs 15] [--before 844936d]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "culture_bureau_2024.md"
# the console script, run from a tree's src (not the installed one)
_MAIN = "import sys; from yusuan.cli.main import app; sys.argv[0] = 'yusuan'; sys.exit(app())"


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _where(src: Path) -> str:
    """The yusuan package a process with this PYTHONPATH imports (to show which tree was timed)."""
    out = subprocess.run(
        [sys.executable, "-c", "import yusuan; print(yusuan.__file__)"],
        env=_env(src),
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def _once(src: Path, args: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MAIN, *args], env=_env(src), capture_output=True, check=False
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # 1: the check found errors; anything else is a failed run
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="runs per command and tree (median)")
    parser.add_argument("--before", default="844936d", help="git revision to compare with")
    opts = parser.parse_args()
    commands = {"yusuan --help": ["--help"], f"yusuan check {SAMPLE.name}": ["check", str(SAMPLE)]}
    with tempfile.TemporaryDirectory(prefix="yusuan-startup-") as tmp:
        before_tree = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(before_tree), opts.before],
            check=True,
        )
        try:
            trees = {"before": before_tree / "src", "after": ROOT / "src"}
            for label, src in trees.items():
                print(f"{label:6} {opts.before if label == 'before' else 'working tree'}: {_where(src)}")
            for args in commands.values():  # warm the byte-code caches of both trees
                for src in trees.values():
                    _once(src, args)
            times: dict[tuple[str, str], list[float]] = {}
            for name, args in commands.items():
                for _ in range(opts.runs):
                    for label, src in trees.items():
                        times.setdefault((name, label), []).append(_once(src, args))
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_tree)], check=False
            )
    print(f"\nmedian wall time of {opts.runs} runs, each a new process (python {sys.version.split()[0]})")
    print(f"{'command':40} {'before':>10} {'after':>10} {'before/after':>13}")
    for name in commands:
        before = statistics.median(times[(name, "before")])
        after = statistics.median(times[(name, "after")])
        print(f"{name:40} {before * 1000:8.0f} ms {after * 1000:8.0f} ms {before / after:12.2f}×")


if __name__ == "__main__":
    main()
