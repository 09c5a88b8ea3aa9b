"""A throw-away PostgreSQL server for tests: Debian's postgresql binaries, a cluster made with
initdb in a temporary folder, listening only on a Unix socket there, stopped and removed after."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _as_server_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: run them as the postgres account Debian creates
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def throwaway_postgres(port: int = 54329) -> Iterator[str]:
    """Start a server; yield its URL (database ``yusuan``); stop it and delete its files."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed")
    root = Path(tempfile.mkdtemp(prefix="yusuan_pg_"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        root.chmod(0o700)
    run = lambda *cmd: subprocess.run(_as_server_user(list(cmd)), check=True, capture_output=True)  # noqa: E731
    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = f"-p {port} -k {root} -c listen_addresses='' -c fsync=off"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(root / "log"), "start")
        run(str(bindir / "createdb"), "-h", str(root), "-p", str(port), "-U", "postgres", "yusuan")
        yield f"postgresql://postgres@/yusuan?host={root}&port={port}"
    finally:
        with contextlib.suppress(Exception):
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
