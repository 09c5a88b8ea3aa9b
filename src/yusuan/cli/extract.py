"""`yusuan extract PATH... -o DIR`: the tables and statements of published disclosures, as data."""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from yusuan.cli.options import ProfileOption, ensure_profile
from yusuan.cli.safe import resolved
from yusuan.model.message import INTERNAL, NOT_CHECKED, OUTPUT, Message, Severity

# table files of an earlier run in a CSV directory: removed when the new run has fewer tables
_TABLE_FILE = re.compile(r"^\d{2,}_.+\.csv$")


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@dataclass
class _Outcome:
    path: Path
    target: Path
    written: str | None = None  # what was written, for stdout
    messages: list[Message] = field(default_factory=list)  # why nothing was written, or a note

    @property
    def failed(self) -> bool:
        return any(m.severity is Severity.ERROR for m in self.messages)

    def fail(self, message: Message) -> _Outcome:
        self.messages.append(message)
        return self


def _unique_inputs(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    out = []
    for p in paths:
        key = resolved(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _names(paths: list[Path]) -> list[str]:
    """Output name of each input: its stem; its file name when stems collide; then -2, -3 ..."""
    stems = Counter(p.stem for p in paths)
    used: set[str] = set()
    out = []
    for p in paths:
        base = p.stem if stems[p.stem] == 1 else p.name
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.casefold())
        out.append(name)
    return out


def _target(out_dir: Path, name: str, fmt: ExportFormat) -> Path:
    return out_dir / name if fmt is ExportFormat.csv else out_dir / f"{name}.{fmt.value}"


def _write_csv(target: Path, files: dict[str, bytes], inputs: set[Path]) -> None:
    from yusuan.build import write_atomically

    if target.is_symlink():  # writing (and tidying) through a link would touch another directory
        raise _Refused(f"{target}：输出位置是符号链接，未写出此文件的任何结果；请用 -o 指定真实目录")
    clash = [n for n in files if resolved(target / n) in inputs]
    if clash:
        raise _Refused(f"{target / clash[0]}：输出文件将覆盖输入文件，未写出此文件的任何结果")
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomically(target / name, data)
    for old in target.iterdir():
        if (
            old.is_file()
            and not old.is_symlink()
            and old.name not in files
            and _TABLE_FILE.match(old.name)
            and resolved(old) not in inputs
        ):
            old.unlink()


class _Refused(Exception):
    pass


def _one(path: Path, target: Path, fmt: ExportFormat, profile_id: str, inputs: set[Path]) -> _Outcome:
    # reading, extracting and exporting are imported when a file is extracted, not at start-up
    from yusuan.build import write_atomically
    from yusuan.export import export
    from yusuan.pipeline import internal_failure, notes, read_checkable, unreadable
    from yusuan.read import UnreadableInput, read_document

    out = _Outcome(path, target)
    name = str(path)
    try:
        doc = read_document(path)
    except UnreadableInput as exc:
        return out.fail(unreadable(path, exc))
    except Exception as exc:  # one bad file must not stop the batch
        return out.fail(internal_failure(path, exc))
    try:
        reading = read_checkable(doc, profile_id)
        d = reading.disclosure
        if d is None:  # an unfilled template, or no disclosure: nothing to extract
            assert reading.refusal is not None
            return out.fail(reading.refusal)
        files = export(doc, d, fmt.value)
    except Exception as exc:  # one bad file must not stop the batch
        text = f"{path}：提取失败（内部错误 {type(exc).__name__}：{exc}）"
        return out.fail(Message.about_file(INTERNAL, name, text))
    try:
        if fmt is ExportFormat.csv:
            _write_csv(target, files, inputs)
        else:
            write_atomically(target, files[""])
    except _Refused as exc:
        return out.fail(Message.about_file(OUTPUT, str(target), str(exc)))
    except OSError as exc:
        return out.fail(
            Message.about_file(OUTPUT, str(target), f"{target}：无法写入（{exc.strerror or exc}）")
        )
    counts = f"{len(d.tables)} 张表，{len(d.claims)} 条文字表述，{len(d.targets)} 个绩效目标表"
    left_out = notes(doc, d)  # what the reader or the extractor could not take in
    if left_out:
        counts += f"，{len(left_out)} 处未识别"
    out.written = f"已生成 {target}（{counts}）"
    if not d.tables:
        text = f"{path}：未识别出任何{d.document}表（模版 {d.profile}）"
        out.messages.append(Message.about_file(NOT_CHECKED, name, text, Severity.WARNING))
    return out


def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="已公开的文件（PDF / Word .docx / Excel / HTML / Markdown / 文本）", show_default=False
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--output", "-o", help="输出目录（不存在时自动创建）")] = Path(
        "extracted"
    ),
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", help="json：每个文件一个 .json；csv：每个文件一个目录；xlsx：每个文件一个工作簿"
        ),
    ] = ExportFormat.json,
    profile: ProfileOption = "auto",
) -> None:
    """把公开文件中的表格、文字表述、绩效目标导出为数据（JSON / CSV / Excel），附页码、行号等来源位置；不做检查。"""
    from yusuan.cli.progress import run_each
    from yusuan.cli.safe import printable

    ensure_profile(profile)
    if out_dir.exists() and not out_dir.is_dir():
        typer.echo(f"{out_dir}：输出位置已存在且不是目录，请用 -o 指定一个目录", err=True)
        raise typer.Exit(2)
    paths = _unique_inputs(paths)
    targets = [_target(out_dir, n, output_format) for n in _names(paths)]
    inputs = {resolved(p) for p in paths}
    clash = [t for t in targets if resolved(t) in inputs]
    if clash:
        typer.echo(
            f"{clash[0]}：输出文件将覆盖输入文件，未写出任何文件。请用 -o 指定另一个输出目录。", err=True
        )
        raise typer.Exit(2)
    show_progress = len(paths) > 1 and sys.stderr.isatty()
    outcomes = run_each(
        list(zip(paths, targets, strict=True)),
        lambda job: _one(job[0], job[1], output_format, profile, inputs),
        "提取中",
        show_progress,
    )
    for o in outcomes:
        if o.written:
            typer.echo(printable(o.written))
        for m in o.messages:
            label = "错误" if m.severity is Severity.ERROR else "提示"
            typer.echo(printable(f"{label}：{m.message}"), err=True)
    failed = sum(1 for o in outcomes if o.failed)
    if failed:
        typer.echo(f"{failed} 个文件未能导出，其余 {len(outcomes) - failed} 个已写出。", err=True)
        raise typer.Exit(2)
