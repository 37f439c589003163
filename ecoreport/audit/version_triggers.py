"""The database triggers that bump data versions (``versions``), generated from ``versions.TRACKED``.

For each tracked table and each of INSERT, UPDATE and DELETE, one trigger gives new random
versions inside the statement's transaction:

- PostgreSQL: a statement-level trigger over the transition tables bumps every organization the
  changed rows belong to (through the registered path; ``EVERYONE`` for a row without one), so a
  COPY or an import of thousands of rows costs one extra statement, not one per row;
- SQLite: a row-level trigger bumps ``EVERYONE``. A SQLite trigger may name no other table than
  ``audit_dataversion``: Django rebuilds a table to alter it on SQLite, and SQLite refuses the
  final rename while any trigger names a table that is momentarily missing. On a local or demo
  database one version for everything costs a recomputation now and then, never a wrong figure.

They are (re)installed after every ``migrate`` and ``flush`` (``post_migrate``): SQLite drops a
table's own triggers when a migration rebuilds it, and a table registered later gets its
triggers that way too. Nothing here names a table of a higher layer: the models come from the
registry.
"""

from __future__ import annotations

from django.db import connections, models

from ecoreport.audit.versions import EVERYONE, TRACKED, DataVersion

_EVENTS = {"INSERT": ("ins", ["NEW"]), "UPDATE": ("upd", ["OLD", "NEW"]), "DELETE": ("del", ["OLD"])}
_PG_ROWS = {"NEW": "new_rows", "OLD": "old_rows"}


def install(using: str = "default") -> None:
    """Create or replace every tracked table's triggers in the database ``using``."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for model, path in TRACKED.items():
            for event in _EVENTS:
                for statement in _statements(connection, model, path, event):
                    cursor.execute(statement)


def trigger_names(model: type[models.Model]) -> list[str]:
    return [_name(model, event) for event in _EVENTS]


def _name(model: type[models.Model], event: str) -> str:
    return f"ecoreport_dv_{model._meta.db_table}_{_EVENTS[event][0]}"


def _statements(connection, model, path, event: str) -> list[str]:
    quote = connection.ops.quote_name
    name = _name(model, event)
    table = quote(model._meta.db_table)
    versions = quote(DataVersion._meta.db_table)
    upsert = "ON CONFLICT (scope) DO UPDATE SET version = excluded.version"
    if connection.vendor == "postgresql":
        sides = _EVENTS[event][1]
        scopes = " UNION ".join(_scopes_of(quote, model, path, _PG_ROWS[side]) for side in sides)
        body = (
            f"INSERT INTO {versions} (scope, version) SELECT scope, floor(random() * 9.2e18)::bigint "
            f"FROM (SELECT DISTINCT scope FROM ({scopes}) AS found) AS changed {upsert}"
        )
        referencing = " ".join(f"{side} TABLE AS {_PG_ROWS[side]}" for side in sides)
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    body = f"INSERT INTO {versions} (scope, version) VALUES ({EVERYONE}, random()) {upsert}"
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body}; END",
    ]


def _scopes_of(quote, model, path: str | None, source: str) -> str:
    """SELECT scope: the organization ids of the rows in ``source``; ``EVERYONE`` for a row whose
    path ends without one (no path, or a NULL foreign key on the way)."""
    if path is None:
        return f"SELECT {EVERYONE} AS scope"
    if path == "pk":
        return f"SELECT n.{quote(model._meta.pk.column)} AS scope FROM {source} AS n"
    joins, alias, current = [], "n", model
    hops = path.split("__")
    for position, hop in enumerate(hops[:-1]):
        field = current._meta.get_field(hop)
        joined = f"t{position}"
        joins.append(
            f"LEFT JOIN {quote(field.related_model._meta.db_table)} AS {joined} "
            f"ON {joined}.{quote(field.target_field.column)} = {alias}.{quote(field.column)}"
        )
        alias, current = joined, field.related_model
    org = f"{alias}.{quote(current._meta.get_field(hops[-1]).column)}"
    return f"SELECT COALESCE({org}, {EVERYONE}) AS scope FROM {source} AS n {' '.join(joins)}"
