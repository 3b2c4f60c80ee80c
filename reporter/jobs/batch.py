"""Build every case of a book: worker processes, incremental, a manifest, a summary.

Each worker holds one Builder (style sheet, fonts, writers) for the whole run, so fonts load once per process.
A case is skipped when the fingerprint of everything its briefs depend on is unchanged since the last run.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import hashlib
import json
import math
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Callable, Generator, Iterator

from reporter import __version__
from reporter.jobs.build import NOT_A_FOLDER, Builder
from reporter.errors import ReporterError
from reporter.layout.schema import Layout, PdfStandards, load_layout
from reporter.model.load import BOOK_FILE, LoadedCase, load_case
from reporter.output import atomic_file, make_folder, put_back

try:
    import fcntl
except ImportError:  # Windows: batches are not locked
    fcntl = None

MANIFEST = "manifest.json"
STATE = ".reporter-state.json"
LOCK = ".reporter-lock"
PACKAGE = Path(__file__).resolve().parent


@dataclass
class OutputRecord:
    case: int
    enterprise: str
    lang: str
    format: str
    path: str
    """Relative to the output folder."""
    size: int
    pages: int | None
    """PDF only: a DOCX is paginated by the reader's word processor."""
    sha256: str


@dataclass
class CaseOutcome:
    file: str
    fingerprint: str
    outputs: list[OutputRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: bool = False
    seconds: float = 0.0


def case_files(book_dir: Path) -> list[Path]:
    """The book's case files, in name order (book.yaml excluded)."""
    return sorted(p for p in book_dir.glob("*.yaml") if p.name != BOOK_FILE)


def valid_cases(book_dir: Path, refuse_twice: bool = False) -> tuple[list[LoadedCase], list[str]]:
    """The book's cases that validate, in case-number order, and the one-line error of each that does not.
    Two files of one case number are both errors; with `refuse_twice`, a ReporterError (a book cannot hold
    one case twice)."""
    cases, errors = [], []
    for path in case_files(book_dir):
        try:
            cases.append(load_case(path))
        except ReporterError as exc:
            errors.append(str(exc))
    twice = same_case_twice([(c.path.name, c.number, c.enterprise.id) for c in cases])
    if twice and refuse_twice:
        raise ReporterError(twice[min(twice)].split(": ", 1)[1], book_dir / min(twice))
    errors += [twice[c.path.name] for c in cases if c.path.name in twice]
    return sorted((c for c in cases if c.path.name not in twice), key=lambda c: c.number), errors


ALSO_IN = "is also the case of"
"""What the error of a case given by two files says (status counts them)."""


def same_case_twice(cases: list[tuple[str, int, str]]) -> dict[str, str]:
    """(file name, case number, enterprise) of each case -> the error of each file whose case number another
    file gives too, naming both."""
    by_number: dict[int, list[tuple[str, str]]] = {}
    for name, number, enterprise in cases:
        by_number.setdefault(number, []).append((name, enterprise))
    errors = {}
    for number, files in by_number.items():
        names = sorted(name for name, _ in files)
        for name, enterprise in files if len(files) > 1 else ():
            others = " and ".join(n for n in names if n != name)
            errors[name] = f"{name}: enterprise: case {number} ({enterprise}) {ALSO_IN} {others}; keep one file per case"
    return errors


@cache
def tool_fingerprint() -> str:
    """The version and the code and data of this very tool: a change to any of them rebuilds everything."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".toml", ".po", ".icc") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def _font_stamp(path: Path, face: int) -> str:
    stat = path.stat()
    return f"{path}#{face}:{stat.st_size}:{stat.st_mtime_ns}"


def layout_fingerprint(layout: Layout) -> str:
    """The layout's files (its parents too), its logo, reference document and fonts."""
    digest = hashlib.sha256()
    for path in layout.files:
        digest.update(str(path).encode() + _file_digest(path).encode())
    for face in layout.font_faces.values():  # the faces found for its fonts (a family may be found elsewhere)
        digest.update(_font_stamp(face.path, face.index).encode())
    return digest.hexdigest()


def run_fingerprint(book_dir: Path, layout: Layout, modes: list[str], formats: list[str]) -> str:
    """What every case of a run shares: the tool, the layout, the modes and formats, book.yaml and the book's
    images (any case may show any of them). Computed once per run."""
    digest = hashlib.sha256()
    for part in (tool_fingerprint(), layout_fingerprint(layout), ",".join(modes), ",".join(formats),
                 repr(layout.pdf)):
        digest.update(part.encode() + b"\0")
    book = book_dir / BOOK_FILE
    if book.exists():
        digest.update(book.read_bytes())
    for image in sorted(book_dir.rglob("*")):
        if image.suffix.lower() in (".png", ".jpg", ".jpeg") and image.is_file():
            digest.update(str(image.relative_to(book_dir)).encode() + _file_digest(image).encode())
    return digest.hexdigest()


def case_fingerprint(case_path: Path, run_digest: str) -> str:
    """Everything the briefs of one case depend on. A case that does not load still gets one (its bytes)."""
    return hashlib.sha256(run_digest.encode() + b"\0" + case_path.read_bytes()).hexdigest()


# -- one case, in whichever process runs it ------------------------------------------------------------

_builder: Builder | None = None


def _worker_builder(layout_name: str, pdf: PdfStandards | None = None) -> Builder:
    """The builder of the layout (its PDF standards as the command set them), made once per process."""
    global _builder
    if _builder is None or str(_builder.layout.source_path) != layout_name or (pdf and _builder.layout.pdf != pdf):
        layout = load_layout(layout_name)
        _builder = Builder(layout.model_copy(update={"pdf": pdf}) if pdf else layout)
    return _builder


def build_case(layout_name: str, case_path: Path, modes: list[str], formats: list[str], out_dir: Path,
               fingerprint: str, pdf: PdfStandards | None = None) -> CaseOutcome:
    """Build one case; any failure becomes the outcome's one-line error, never an exception."""
    started = time.perf_counter()
    outcome = CaseOutcome(case_path.name, fingerprint)
    try:
        builder = _worker_builder(layout_name, pdf)
        result = builder.build(case_path, modes, formats, out_dir)
        loaded = result.loaded
        for output in result.outputs:
            outcome.outputs.append(OutputRecord(
                loaded.number, loaded.enterprise.id, output.mode, output.format,
                output.path.relative_to(out_dir).as_posix(), output.size, output.pages, output.sha256))
        outcome.warnings = result.warnings
    except ReporterError as exc:
        outcome.error = str(exc)
    except Exception as exc:  # a bug of ours must not stop the other cases
        outcome.error = f"{case_path.name}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"
    outcome.seconds = time.perf_counter() - started
    return outcome


# -- the whole book -----------------------------------------------------------------------------------

@dataclass
class BatchReport:
    outcomes: list[CaseOutcome]
    seconds: float
    manifest: Path

    @property
    def failed(self) -> list[CaseOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def built(self) -> list[CaseOutcome]:
        return [o for o in self.outcomes if not o.error and not o.skipped]

    @property
    def skipped(self) -> list[CaseOutcome]:
        return [o for o in self.outcomes if o.skipped]


class BatchAborted(Exception):
    """A batch stopped by Ctrl-C, with what it had done."""

    def __init__(self, report: BatchReport, total: int):
        super().__init__(f"aborted after {len(report.outcomes)} of {total} cases; those are recorded in "
                         f"{report.manifest.name} and a new run builds the rest")
        self.report = report


def _load_state(out_dir: Path) -> dict[str, dict]:
    try:
        return json.loads((out_dir / STATE).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _still_there(out_dir: Path, records: list[dict]) -> bool:
    """The outputs recorded last time exist and have not been changed since."""
    for record in records:
        path = out_dir / record["path"]
        if not path.is_file() or path.stat().st_size != record["size"]:
            return False
    return bool(records)


def run_batch(book_dir: Path, layout: Layout, modes: list[str], formats: list[str], out_dir: Path,
              jobs: int, force: bool = False,
              progress: Callable[[CaseOutcome, int, int], None] | None = None,
              only: set[int] | None = None) -> BatchReport:
    """Build every case of the book (or those numbered in `only`) into out_dir; writes manifest.json, which keeps
    the cases not chosen as the last run left them; `progress` hears of each case."""
    try:
        make_folder(out_dir)
    except NotADirectoryError:
        raise ReporterError(NOT_A_FOLDER, out_dir) from None
    except OSError as exc:
        raise ReporterError(f"cannot make the output folder: {exc.strerror or exc}", out_dir) from None
    with _only_batch_writing(out_dir):
        return _batch(book_dir, layout, modes, formats, out_dir, jobs, force, progress, only)


@contextlib.contextmanager
def _only_batch_writing(out_dir: Path) -> Iterator[None]:
    """One batch at a time in a folder: two would each write the manifest and the state from what they built."""
    if fcntl is None:  # not on a POSIX system: no lock
        yield
        return
    with open(out_dir / LOCK, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReporterError("another `reporter batch` is writing to this folder; run this one when it has "
                                "finished", out_dir) from None
        yield  # the lock goes with the file's closing (the forked workers' copies close with them)


def _batch(book_dir: Path, layout: Layout, modes: list[str], formats: list[str], out_dir: Path, jobs: int,
           force: bool, progress: Callable[[CaseOutcome, int, int], None] | None,
           only: set[int] | None = None) -> BatchReport:
    started = time.perf_counter()
    files = case_files(book_dir)
    state = _load_state(out_dir)
    if only is not None:
        chosen = set(chosen_cases(files, only))
        kept = [path for path in files if path not in chosen and path.name in state]
        files = [path for path in files if path in chosen]
    else:
        kept = []
    if force:  # every chosen case built again; those not chosen keep their records
        state = {name: record for name, record in state.items() if name in {path.name for path in kept}}
    run_digest = run_fingerprint(book_dir, layout, modes, formats)
    layout_name = str(layout.source_path)
    outcomes: list[CaseOutcome] = []
    pending: list[tuple[Path, str]] = []
    for path in files:
        fingerprint = case_fingerprint(path, run_digest)
        previous = state.get(path.name)
        if previous and previous["fingerprint"] == fingerprint and _still_there(out_dir, previous["outputs"]):
            outcome = CaseOutcome(path.name, fingerprint, [OutputRecord(**r) for r in previous["outputs"]],
                                  list(previous.get("warnings", [])), skipped=True)
            outcomes.append(outcome)
            if progress:
                progress(outcome, len(outcomes), len(files))
        else:
            pending.append((path, fingerprint))
    left = [CaseOutcome(path.name, state[path.name]["fingerprint"],  # not chosen: as the last run left them
                        [OutputRecord(**r) for r in state[path.name]["outputs"]],
                        list(state[path.name].get("warnings", [])), skipped=True)
            for path in kept if _still_there(out_dir, state[path.name]["outputs"])]
    try:
        with _fewer_collections():
            for outcome in _run(layout_name, layout.pdf, pending, modes, formats, out_dir, jobs):
                outcomes.append(outcome)
                if progress:
                    progress(outcome, len(outcomes), len(files))
    except KeyboardInterrupt:
        # Ctrl-C: what was built is recorded (the manifest says the run was aborted), so a new run skips it
        outcomes += left
        outcomes.sort(key=lambda o: o.file)
        manifest = _write_records(out_dir, book_dir, layout, modes, formats, outcomes, aborted=True,
                                  run_digest=run_digest)
        raise BatchAborted(BatchReport(outcomes, time.perf_counter() - started, manifest), len(files)) from None
    outcomes += left
    outcomes.sort(key=lambda o: o.file)
    _refuse_same_case_twice(outcomes)
    manifest = _write_records(out_dir, book_dir, layout, modes, formats, outcomes, run_digest=run_digest)
    return BatchReport(outcomes, time.perf_counter() - started, manifest)


def _case_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def plan_batch(book_dir: Path, layout: Layout, modes: list[str], formats: list[str], out_dir: Path,
               force: bool = False, only: set[int] | None = None) -> list[tuple[str, str | None]]:
    """What a batch would do, writing nothing: each case file and why it would be built (None: unchanged)."""
    files = case_files(book_dir)
    if only is not None:
        files = chosen_cases(files, only)
    state = _load_state(out_dir) if out_dir.is_dir() else {}
    run_digest = run_fingerprint(book_dir, layout, modes, formats)
    plan = []
    for path in files:
        previous = state.get(path.name)
        if force:
            reason = "--force"
        elif previous is None:
            reason = "never built into this folder"
        elif previous["fingerprint"] == case_fingerprint(path, run_digest):
            reason = None if _still_there(out_dir, previous["outputs"]) else "an output is missing or was changed"
        elif previous.get("run") and previous["run"] != run_digest:
            reason = "the book, its pictures, the layout, the languages and formats or the tool changed"
        elif previous.get("case") and previous["case"] != _case_digest(path):
            reason = "the case file changed"
        else:
            reason = "its inputs changed"
        plan.append((path.name, reason))
    return plan


def chosen_cases(files: list[Path], numbers: set[int]) -> list[Path]:
    """The case files whose case numbers are among `numbers` (a file that fails validation is not chosen)."""
    chosen = []
    for path in files:
        try:
            if load_case(path).number in numbers:
                chosen.append(path)
        except ReporterError:
            continue
    return chosen


def _refuse_same_case_twice(outcomes: list[CaseOutcome]) -> None:
    """Two case files of one case number: both fail, naming each other (their briefs stay out of the
    manifest, and the next run builds them again)."""
    twice = same_case_twice([(o.file, o.outputs[0].case, o.outputs[0].enterprise) for o in outcomes if o.outputs])
    for outcome in outcomes:
        if outcome.file in twice:
            outcome.error, outcome.outputs, outcome.skipped = twice[outcome.file], [], False


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """A brief makes and drops some 100k objects; at Python's default thresholds the collector runs 180 times
    a case (5 ms of its ~130). Collecting the youngest objects every 10k allocations instead halves that."""
    thresholds = gc.get_threshold()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


Task = Callable[..., CaseOutcome]
"""build_case with the layout, languages, formats and output folder given: called with (case path, fingerprint)."""


def _run(layout_name: str, pdf: PdfStandards, pending: list[tuple[Path, str]], modes: list[str], formats: list[str],
         out_dir: Path, jobs: int) -> Iterator[CaseOutcome]:
    if not pending:
        return
    task = partial(build_case, layout_name, modes=modes, formats=formats, out_dir=out_dir, pdf=pdf)
    if jobs <= 1 or len(pending) == 1:
        for path, fingerprint in pending:
            yield task(path, fingerprint=fingerprint)
        return
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    if context is not None:
        # The first case is built here, before forking: the workers then start with the fonts, the DOCX base
        # and every cache warm, and share those pages (the font files are megabytes each) instead of each
        # building its own copy.
        with contextlib.suppress(ReporterError):  # a layout that fails fails each case, with its message
            _worker_builder(layout_name, pdf).fonts
        path, fingerprint = pending[0]
        yield task(path, fingerprint=fingerprint)
        pending = pending[1:]
        gc.freeze()  # keep the collector from touching, and so copying, the shared objects
    try:
        yield from _in_pools(task, pending, jobs, context, out_dir)
    finally:
        gc.unfreeze()  # the workers are gone; a process that goes on (a test, a library user) collects as before


def _in_pools(task: Task, pending: list[tuple[Path, str]], jobs: int, context, out_dir: Path
              ) -> Iterator[CaseOutcome]:
    """Build the cases in pools of worker processes. A worker that dies (killed, out of memory, a crash in a C
    library) takes its pool with it: the cases left unfinished are built again in a new pool; if that one breaks
    too, a case kills its worker, and they are built one at a time, each in a process of its own, until that
    case is found and fails; the rest go back to a pool."""
    queue, broken_before = sorted(pending), False
    while queue:
        unfinished = yield from _in_pool(task, queue, min(jobs, len(queue)), context)
        queue = sorted(unfinished)
        for path, _ in queue:
            _remove_partial_files(out_dir, path)
        if not broken_before:  # perhaps a one-off (a process killed from outside): all together once more
            broken_before = True
            continue
        while queue:
            path, fingerprint = queue.pop(0)
            if (yield from _in_pool(task, [(path, fingerprint)], 1, context)):
                _remove_partial_files(out_dir, path)
                yield CaseOutcome(path.name, fingerprint, error=f"{path.name}: the process building it died "
                                                               "(killed, out of memory, or crashed)")
                broken_before = False
                break


def _remove_partial_files(out_dir: Path, case_path: Path) -> None:
    """The temp files (output.atomic_file's and replace_all's) a killed worker left for this case's outputs
    removed, and the earlier outputs it had kept aside put back."""
    stem = glob.escape(case_path.stem)
    for partial_file in [*out_dir.glob(f".{stem}.*.part"), *out_dir.glob(f".{stem}.*.new")]:
        partial_file.unlink(missing_ok=True)
    for kept in out_dir.glob(f".{stem}.*.kept"):
        put_back(kept.with_name(kept.name[1:-len(".kept")]))


def _in_pool(task: Task, pending: list[tuple[Path, str]], workers: int, context
             ) -> Generator[CaseOutcome, None, list[tuple[Path, str]]]:
    """Build the cases in a pool of worker processes; returns the cases left unfinished by a worker's death."""
    unfinished = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(task, path, fingerprint=fingerprint): (path, fingerprint)
                   for path, fingerprint in pending}
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    unfinished.append(futures[future])
        except BaseException:  # Ctrl-C (or the caller stops): the workers finish their case and take no other
            pool.shutdown(cancel_futures=True)
            raise
    return unfinished


def _write_records(out_dir: Path, book_dir: Path, layout: Layout, modes: list[str], formats: list[str],
                   outcomes: list[CaseOutcome], aborted: bool = False, run_digest: str = "") -> Path:
    """manifest.json (what this run produced, for people and tools) and the state for the next run."""
    outputs = sorted((asdict(r) for o in outcomes for r in o.outputs),
                     key=lambda r: (r["case"], r["lang"], r["format"]))
    manifest = {
        "tool": f"reporter {__version__}",
        "book": book_dir.name,
        "layout": layout.name_id,
        "languages": modes,
        "formats": formats,
        "outputs": outputs,
        "failures": [{"file": o.file, "error": o.error} for o in outcomes if o.error],
        "warnings": [{"file": o.file, "warning": w} for o in outcomes if not o.error for w in o.warnings],
    }
    if aborted:
        manifest["aborted"] = True  # stopped before every case was built
    path = out_dir / MANIFEST
    with atomic_file(path) as stream:
        stream.write(json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n")
    state = {o.file: {"fingerprint": o.fingerprint, "outputs": [asdict(r) for r in o.outputs],
                      "warnings": o.warnings, "run": run_digest, "case": _case_digest(book_dir / o.file)}
             for o in outcomes if not o.error}
    with atomic_file(out_dir / STATE) as stream:
        stream.write(json.dumps(state, ensure_ascii=False, sort_keys=True).encode())
    return path


def default_jobs(cgroup: Path = Path("/sys/fs/cgroup")) -> int:
    """The cores this process may use: those it may run on, fewer where a container's CPU quota says so (a
    container sees all the host's cores, and a worker per core would each hold its own fonts and pages)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = _cpu_quota(cgroup)
    return max(1, min(cores, math.ceil(quota))) if quota else cores


def _cpu_quota(cgroup: Path) -> float | None:
    """CPUs allowed by the cgroup's quota (v2 cpu.max "quota period", v1 cfs_quota_us and cfs_period_us), None
    when there is none or it cannot be read."""
    try:
        if (cgroup / "cpu.max").exists():
            quota, period = (cgroup / "cpu.max").read_text().split()[:2]
        else:
            quota = (cgroup / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (cgroup / "cpu" / "cpu.cfs_period_us").read_text().strip()
        if quota in ("max", "-1"):
            return None
        return int(quota) / int(period)
    except (OSError, ValueError, ZeroDivisionError):
        return None
