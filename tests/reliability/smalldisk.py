"""A folder on a small disk that the test can fill up and free again.

Where the runner may mount (root with CAP_SYS_ADMIN, as on the CI machine), the folder is a
real 4 MiB tmpfs and ``fill`` writes a ballast file until the kernel says ENOSPC: SQLite and
our writers meet a genuinely full disk. Elsewhere the same tests run on an injected full
disk instead: SQLite's ``max_page_count`` makes the session database report SQLITE_FULL
(exactly the error a full disk gives), and our own writes under the folder raise ENOSPC.
"""

from __future__ import annotations

import contextlib
import errno
import pathlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jury_desk.deliberation.service import DeliberationService

SIZE = "4m"
_UNLIMITED_PAGES = 1_073_741_823  # SQLite's maximum page count


class SmallDisk:
    real = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._ballast = folder / ".ballast"

    def fill(self, service: DeliberationService) -> None:
        """Take every free byte (``service`` matters only for the injected disk)."""
        with open(self._ballast, "ab", buffering=0) as fh:
            for chunk in (1 << 16, 1 << 12, 1):
                with contextlib.suppress(OSError):
                    while True:
                        fh.write(b"\0" * chunk)

    def free(self, service: DeliberationService) -> None:
        self._ballast.unlink()


class InjectedFullDisk(SmallDisk):
    real = False

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__(folder)
        self.full = False
        for owner, name in ((pathlib.Path, "write_bytes"), (tempfile, "mkstemp")):
            monkeypatch.setattr(owner, name, self._refusing(getattr(owner, name)))

    def _refusing(self, write: Any) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            paths = [*args, kwargs.get("dir")]
            if self.full and any(self._inside(p) for p in paths):
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            return write(*args, **kwargs)

        return refused

    def _inside(self, value: object) -> bool:
        return isinstance(value, str | Path) and Path(value).is_relative_to(self.folder)

    def _max_pages(self, service: DeliberationService, pages: int | None) -> None:
        # The service's one connection (StaticPool): the pragma is a connection setting.
        with service._file.engine.connect() as conn:
            if pages is None:
                pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")

    def fill(self, service: DeliberationService) -> None:
        self._max_pages(service, None)
        self.full = True

    def free(self, service: DeliberationService) -> None:
        self._max_pages(service, _UNLIMITED_PAGES)
        self.full = False


def _mount(folder: Path) -> bool:
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(folder)],
            capture_output=True,
        )
    except OSError:  # no mount command at all
        return False
    return result.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmallDisk]:
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if not _mount(folder):
        yield InjectedFullDisk(folder, monkeypatch)
        return
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)
