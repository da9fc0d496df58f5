"""The rules' hot reads, straight through the SQLite driver, as named tuples.

The rules ask the same few questions at every act (who is present, this sheet, this
candidate's proposal), and a signed log's replay asks them again for every event of the
session: some 15 reads per event, 28,000 events for 2,000 candidates. Through SQLAlchemy
each read costs 25 µs (a statement built once) to 150 µs (built at each call); through the
driver, 4 µs. The reads run on the connection of the caller's SQLAlchemy transaction, so
they see its writes; the rows keep SQLAlchemy's attribute access (``sheet.status``).
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from typing import Any

from sqlalchemy import Connection
from sqlmodel import SQLModel

#: A row read here: a named tuple of its table's columns, by name and by position.
Record = Any


def record_of(table: type[SQLModel]) -> tuple[str, Any]:
    """``SELECT`` text for every column of ``table``, and the named tuple of its rows."""
    names = [column.name for column in table.__table__.columns]  # type: ignore[attr-defined]
    select = f"SELECT {', '.join(names)} FROM {table.__tablename__}"
    return select, namedtuple(f"{table.__name__}Record", names)


def driver(conn: Connection) -> sqlite3.Connection:
    """The SQLite connection under ``conn``, inside ``conn``'s transaction (begun if it
    was not, as SQLAlchemy's first statement would have)."""
    if not conn.in_transaction():
        conn.begin()
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def insert_row(conn: Connection, table: type[SQLModel], **values: object) -> int:
    """``INSERT`` one row of ``table`` in ``conn``'s transaction; returns its rowid.

    What ``conn.execute(insert(table).values(...))`` does, without building the statement
    (about 1 ms in SQLAlchemy each time, for the acts every event replays)."""
    name, columns = str(table.__tablename__), tuple(values)
    sql = _INSERTS.get((name, columns))
    if sql is None:
        holes = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({holes})"
        _INSERTS[(name, columns)] = sql
    cursor = driver(conn).execute(sql, tuple(values.values()))
    return int(cursor.lastrowid or 0)


_INSERTS: dict[tuple[str, tuple[str, ...]], str] = {}
