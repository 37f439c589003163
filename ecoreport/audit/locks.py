"""Writers of the same records take turns, so each history entry's "before" is what was replaced.

Three kinds of writer change the same records: imports (a whole file, planned from the rows it
reads first), admin saves and status moves (one record, or the records of a bulk action). Each
takes its turn inside its transaction, before it reads what it will replace, and keeps it until
the transaction ends:

- **PostgreSQL**: transaction-level advisory locks in the key space of the model's table, one key
  per organisation, taken down the organisation tree (``whole`` first, then each ancestor, then
  the organisation). An import locks the subtree it may write (its user's organisation; the whole
  tree for an administrator or the command line) *exclusively* and every organisation above it
  *shared*; a record's writer locks every organisation from the top down to the record's own
  *shared*, and the record's row ``FOR UPDATE``. So two imports whose subtrees overlap take turns,
  an import and a record writer inside its subtree take turns, and two record writers of different
  records never wait for each other. Every writer of one table locks top-down, so they cannot wait
  in a circle. A writer waits at most ``LOCK_WAIT_SECONDS``, then gets ``WriterBusy``.
- **SQLite**: one writer at a time for the whole database. The first statement takes the write
  lock (an UPDATE that changes nothing), so a second writer waits at that statement for the first
  to commit (the driver's busy timeout) instead of planning from rows that are about to change.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from django.db import DatabaseError, connections, transaction

from ecoreport.accounts.models import Organization
from ecoreport.audit import walls
from ecoreport.audit.versions import DataVersion

LOCK_WAIT_SECONDS = 20  # under a request's time limit: a writer still waiting is told to try again
WHOLE = 0  # the key of the whole organisation tree (organisation ids start at 1)
MAX_DEPTH = 16  # deeper than any organisation tree (province, city, county)
# SQLSTATEs of a writer that could not have its turn: lock_not_available, deadlock_detected,
# serialization_failure; SQLite says "database is locked" when its busy timeout runs out.
BUSY_STATES = {"55P03", "40P01", "40001"}


class WriterBusy(Exception):
    """Another writer of the same records did not finish in time; ``str()`` is the message for staff."""

    def __init__(self, what: str = "这些记录"):
        super().__init__(
            f"其他用户正在导入或修改同一单位的{what}，等待 {LOCK_WAIT_SECONDS} 秒后仍未完成："
            "本次未写入任何数据，请稍后重试"
        )


def is_busy(error: BaseException) -> bool:
    """Whether a database error means another writer held what this one needed."""
    cause = error.__cause__ or error
    if getattr(cause, "pgcode", None) in BUSY_STATES or getattr(cause, "sqlstate", None) in BUSY_STATES:
        return True
    return "database is locked" in str(error)


def is_duplicate(error: BaseException) -> bool:
    """Whether a database error is a unique key taken meanwhile (by a writer that did not take its turn)."""
    cause = error.__cause__ or error
    if getattr(cause, "pgcode", None) == "23505" or getattr(cause, "sqlstate", None) == "23505":
        return True
    return str(error).startswith("UNIQUE constraint failed")


def for_import(model, user, *, what: str = "这些记录", using: str = "default") -> None:
    """An import's turn: the subtree of organisations ``user`` may write, for records of ``model``."""
    scope = None
    if walls.organization_path(model) is not None and walls.is_walled(user):
        profile = getattr(user, "profile", None)
        scope = getattr(profile, "organization_id", None)
    _take(model, [scope], exclusive=True, what=what, using=using)


def for_records(model, organization_ids: Iterable[int | None], *, what: str = "这些记录", using: str = "default"):
    """A record writer's turn for records of ``model`` belonging to ``organization_ids`` (None: no
    organisation); lock the rows themselves with ``select_for_update`` after this."""
    _take(model, list(organization_ids), exclusive=False, what=what, using=using)


def for_instance(instance, *, what: str = "这些记录", using: str = "default") -> None:
    """A record writer's turn for ``instance`` as it is now (new, or moved to another organisation)."""
    for_records(type(instance), [walls.organization_id_of(instance)], what=what, using=using)


def for_rows(model, pks: Iterable, *, what: str = "这些记录", using: str = "default") -> None:
    """A record writer's turn for the stored records ``pks`` of ``model``, then their rows locked
    (in key order, so two writers of several rows cannot wait in a circle). Read them after this."""
    pks = sorted(set(pks))
    path = walls.organization_path(model)
    stored = model._default_manager.using(using).filter(pk__in=pks)
    if path is None:
        organization_ids = [None]
    else:
        organization_ids = set(stored.values_list("pk" if path == walls.SELF else path, flat=True))
    for_records(model, organization_ids, what=what, using=using)
    list(stored.select_for_update().order_by("pk").values_list("pk", flat=True))


def _take(model, scopes: list[int | None], *, exclusive: bool, what: str, using: str) -> None:
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("a writer's turn lasts until its transaction ends: take it inside transaction.atomic()")
    try:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _take_postgresql(cursor, model, scopes, exclusive)
            elif connection.vendor == "sqlite":
                table = connection.ops.quote_name(DataVersion._meta.db_table)
                cursor.execute(f"UPDATE {table} SET version = version WHERE 0 = 1")
    except DatabaseError as error:
        if is_busy(error):
            raise WriterBusy(what) from error
        raise


def _take_postgresql(cursor, model, scopes: list[int | None], exclusive: bool) -> None:
    space = zlib.crc32(model._meta.db_table.encode()) - 2**31  # a signed 32-bit key per table
    depth = {WHOLE: -1}  # key → its depth in the tree: locks are taken top-down
    own = set()  # the keys locked exclusively; every other key of ``depth`` is locked shared
    for scope in scopes:
        path = _path_down_to(cursor, scope) if scope is not None else []
        depth.update((key, index) for index, key in enumerate(path))
        if exclusive:
            own.add(path[-1] if path else WHOLE)
    if WHOLE in own:  # the whole tree: nothing else to lock
        depth, own = {WHOLE: -1}, {WHOLE}
    cursor.execute("SELECT current_setting('lock_timeout')")
    (previous,) = cursor.fetchone()
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{LOCK_WAIT_SECONDS * 1000}ms"])
    for key in sorted(depth, key=lambda key: (depth[key], key)):
        function = "pg_advisory_xact_lock" if key in own else "pg_advisory_xact_lock_shared"
        cursor.execute(f"SELECT {function}(%s, %s)", [space, key])
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def _path_down_to(cursor, organization_id: int) -> list[int]:
    """The organisation's ancestors from the top, then itself."""
    table = cursor.db.ops.quote_name(Organization._meta.db_table)
    cursor.execute(
        f"WITH RECURSIVE up (id, parent_id, depth) AS ("
        f" SELECT id, parent_id, 0 FROM {table} WHERE id = %s"
        f" UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM {table} AS o JOIN up ON o.id = up.parent_id"
        f" WHERE up.depth < %s) SELECT id FROM up ORDER BY depth DESC",
        [organization_id, MAX_DEPTH],
    )
    path = [row[0] for row in cursor.fetchall()]
    return path or [organization_id]
