"""Where the archive lives and how it is opened: SQLite by default, PostgreSQL if told.

``--db URL`` or ``JURY_DESK_ARCHIVE_DB`` chooses the database: ``postgresql://…`` (psycopg
3) for a secretariat shared by several people, or ``sqlite:///path``; by default the file
``archive.sqlite`` in the desk's data folder. Opening migrates an older schema (Alembic,
under a lock so that two people opening it at once migrate it once) and refuses one made
by a newer jury-desk. Connection problems become one plain ``ArchiveError`` that never
shows a password.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from jury_desk.archive.errors import ArchiveError
from jury_desk.core.paths import data_dir

ENV_VAR = "JURY_DESK_ARCHIVE_DB"
SQLITE_NAME = "archive.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK = 0x6A75727931  # "jury1": the advisory lock every migrating process takes
_SQLITE_BUSY_SECONDS = 30


def archive_url(given: str | None, folder: str | Path | None = None) -> URL:
    """The database URL: ``given``, else the environment variable, else the data folder's."""
    raw = given or os.environ.get(ENV_VAR) or ""
    if not raw:
        return make_url(f"sqlite:///{data_dir(folder) / SQLITE_NAME}")
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ArchiveError(
            "archive.url",
            f"{raw!r} is not a database address; write postgresql://user@host/dbname or "
            "sqlite:///path/to/archive.sqlite.",
        ) from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername == "sqlite" and url.database:
        return url
    raise ArchiveError(
        "archive.url",
        f"{shown(url)}: the archive runs on PostgreSQL (postgresql://…) or SQLite "
        "(sqlite:///path); nothing else.",
    )


def shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _sqlite_engine(url: URL) -> Engine:
    path = Path(url.database or "")
    if not path.parent.is_dir():
        raise ArchiveError(
            "archive.unreachable", f"The archive's folder {path.parent} does not exist."
        )
    engine = create_engine(url, connect_args={"timeout": _SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A writer (``writing(engine)``) begins IMMEDIATE: it takes the lock at the start,
        # so two concurrent adds queue instead of one failing when it upgrades from
        # reading to writing. Readers begin DEFERRED and never wait for a writer.
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def open_engine(url: URL) -> Engine:
    """An engine on the archive, its schema migrated to this version's."""
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url)
    else:
        engine = create_engine(url, connect_args={"connect_timeout": 10}, pool_pre_ping=True)
    try:
        migrate(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise database_error(exc, url) from None
    except BaseException:
        engine.dispose()
        raise
    return engine


def writing(engine: Engine) -> Engine:
    """The same engine, for transactions that write (see ``_sqlite_engine``)."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def database_error(exc: DBAPIError, url: URL) -> ArchiveError:
    """One plain line for what the database said (no password, no SQL)."""
    said = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    lowered = said.lower()
    # SQLite: "attempt to write a readonly database"; PostgreSQL: "cannot execute INSERT in
    # a read-only transaction", or "permission denied for table …" for a role that may
    # only read.
    if any(w in lowered for w in ("readonly", "read-only", "read only", "permission denied")):
        return ArchiveError(
            "archive.read-only",
            f"The archive {shown(url)} is read-only ({said}); nothing was stored. Ask for "
            "write access, or open a copy.",
        )
    return ArchiveError(
        "archive.unreachable",
        f"Cannot use the archive {shown(url)}: {said}. Check the address, that the server "
        "runs, and the user's rights; nothing was stored.",
    )


def _config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(_config(None))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (this version's by default), under the lock."""
    script = ScriptDirectory.from_config(_config(None))
    known = {rev.revision for rev in script.walk_revisions()}
    with writing(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None and current not in known:
            raise ArchiveError(
                "archive.schema-newer",
                f"The archive's schema ({current}) was made by a newer jury-desk; this one "
                f"knows up to {script.get_current_head()}. Update jury-desk; nothing was "
                "changed.",
            )
        wanted = script.get_current_head() if target == "head" else target
        if current == wanted:
            return
        command.upgrade(_config(connection), target)
