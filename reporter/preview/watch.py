"""Watching the files a brief is made of, with watchfiles (the operating system's notifications through Rust's
notify; no polling of ours). The folders of those files are watched, not the files: editors save by writing a new
file and renaming it over the old one, which a watch on the old file would miss."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

DEBOUNCE_MS = 30
"""Changes arriving within this time are one save (an editor writes, renames, touches)."""
STEP_MS = 10
RECHECK_MS = 250
"""How often the watcher looks whether the set of files changed (a layout switched, an image added)."""


class Watcher:
    """Calls `changed(paths)` from its own thread for each save that touches one of `files()`."""

    def __init__(self, files: Callable[[], set[Path]], changed: Callable[[set[Path]], None]):
        self.files, self.changed = files, changed
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="reporter-preview-watch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        from watchfiles import watch

        while not self.stop_event.is_set():
            files = self.files()
            folders = sorted({str(path.parent) for path in files if path.parent.is_dir()})
            if not folders:
                self.stop_event.wait(RECHECK_MS / 1000)
                continue
            for changes in watch(*folders, stop_event=self.stop_event, debounce=DEBOUNCE_MS, step=STEP_MS,
                                 rust_timeout=RECHECK_MS, yield_on_timeout=True, recursive=False,
                                 raise_interrupt=False):
                touched = {Path(path).resolve() for _, path in changes} & files
                if touched:
                    self.changed(touched)
                if self.files() != files:
                    break  # watch the new set's folders
