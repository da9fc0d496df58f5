"""The room desk watching a folder (a shared folder, a USB key left in): each outbox file of
the session that changed since the last look is imported, and the replies written back.

A poll, not OS notifications: it works the same on every OS and file system (USB keys in
FAT32 included), and the GUI calls it from a timer. A file caught half-written has a torn
last record, which is ignored until the next look finds it whole.
"""

from __future__ import annotations

from pathlib import Path

from jury_desk.exchange.reception import ImportReport, Reception
from jury_desk.exchange.records import SUFFIX_TO_ROOM


class FolderWatch:
    def __init__(self, reception: Reception, folder: Path) -> None:
        self.reception, self.folder = reception, folder
        self._seen: dict[str, tuple[int, int]] = {}  # name -> (size, mtime_ns)

    def poll(self) -> list[ImportReport]:
        """Import what changed; one report per file imported (none when nothing changed)."""
        pattern = f"{self.reception.session.bundle_id}--*{SUFFIX_TO_ROOM}"
        reports = []
        for path in sorted(self.folder.glob(pattern)):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed meanwhile (the key pulled out): nothing to import
            mark = (stat.st_size, stat.st_mtime_ns)
            if self._seen.get(path.name) == mark:
                continue
            report = self.reception.import_file(path)
            if not report.torn_tail:  # a torn file is looked at again next time
                self._seen[path.name] = mark
            reports.append(report)
        senders = {member for report in reports for member in report.senders}
        if senders:
            self.reception.write_replies(self.folder, senders)
        return reports
