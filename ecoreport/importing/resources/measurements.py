"""Monitoring data: daily air records and water samples, keyed by a site and a date, written in bulk.

A year of daily records for a city is about 9,500 rows, so these resources run in
django-import-export's bulk mode: stored records come from one query per file
(``KeyedInstanceLoader``), stations and sections from one query each, and the rows are written in
batches by ``ecoreport.lib.bulk_insert`` (COPY into a temporary table, then one INSERT … SELECT on
PostgreSQL; one executemany on SQLite): new rows as an INSERT, corrected rows as an upsert of the
fields that changed. Bulk writes bypass ``save()``, so just before a batch is written its derived
values (AQI, category, primary pollutants, by the vectorised engine; a sample's water class) are
computed and added to each row's history, and the daily air aggregates are refreshed after it.
"""

from __future__ import annotations

import contextlib
import functools
import gc

from django.utils import timezone

from ecoreport.audit.history import plain
from ecoreport.lib import bulk_insert
from indicators import cells
from indicators.models import WATER_FIELD, AirDailyRecord, AirStation, WaterSample, WaterSection
from indicators.services import refresh_air_aggregates

from .base import Column, KeyedInstanceLoader, KindResource, changes_between, repeated


class MeasurementResource(KindResource):
    site_key = ""  # "station" / "section"
    site_model: type = None
    site_word = ""  # 站点 / 断面
    derived: tuple[str, ...] = ()
    refresh_after_write = None  # called with the written records: what their save() would have refreshed

    class Meta(KindResource.Meta):
        use_bulk = True
        batch_size = 20_000  # rows per write: a year of a city's daily records in one
        instance_loader_class = KeyedInstanceLoader

    @classmethod
    def measure_columns(cls) -> list[Column]:
        return [column for column in cls.columns() if column.key not in (cls.site_key, "date")]

    def import_data(self, *args, **kwargs):
        """The library's import with Python's cyclic garbage collector paused: a year of rows allocates
        a few hundred thousand objects that live until the import ends, and each full collection
        walks all of them (and all of Django) again: about a sixth of the import's time otherwise."""
        with _collector_paused():
            return super().import_data(*args, **kwargs)

    def prepare(self):
        self.sites = {site.code: site for site in self.site_model.objects.all()}
        self.measured = [(column.key, column.attribute) for column in self.measure_columns()]
        self.measured_fields = [attribute for _, attribute in self.measured]
        self.tracked = self.measured_fields + list(self.derived)
        self.changed_fields: dict[int, dict] = {}  # id(record) → its history's changes, derived ones added
        self.pending: dict[int, tuple[dict | None, dict]] = {}  # id(record) → (before, changes) until written
        self.defaults = [field.get_default() for field in self._meta.model._meta.concrete_fields]
        self.today = timezone.localdate()

    def init_instance(self, row=None):
        """A new record holding every field's default, given by position: ``Model.__init__`` then
        skips looking up each default again, for each of a year's rows (as ``Model.from_db`` does)."""
        return self._meta.model(*self.defaults)

    def row_key(self) -> tuple:
        """(site code, date) of the row being imported (its cells are read by then)."""
        values = self.current.values
        return values.get(self.site_key), values.get("date")

    @staticmethod
    def _day_or_none(cell) -> object:
        try:
            return cells.parse_date(cell)
        except cells.CellError:
            return None  # a key no record has

    def load_existing(self, dataset) -> dict[tuple, object]:
        site_column, date_column = self.fields[self.site_key].column_name, self.fields["date"].column_name
        if not len(dataset) or not {site_column, date_column} <= set(dataset.headers or ()):
            return {}
        # (site code, date) of every row, each distinct cell read once: a year has 365 dates, not 9,490.
        site_cells, date_cells = dataset[site_column], dataset[date_column]
        codes = {cell: cells.parse_text(cell) for cell in set(site_cells)}
        dates = {cell: self._day_or_none(cell) for cell in set(date_cells)}
        keys = {(codes[site], dates[day]) for site, day in zip(site_cells, date_cells, strict=True)}
        sites = {self.sites[code] for code, day in keys if code in self.sites and day is not None}
        days = [day for code, day in keys if code in self.sites and day is not None]
        if not sites:
            return {}
        by_id = {site.pk: site for site in sites}
        site_id = f"{self.site_key}_id"
        found = {}
        records = self._meta.model.objects.filter(**{f"{site_id}__in": by_id, "date__range": (min(days), max(days))})
        for record in records:
            site = by_id[getattr(record, site_id)]
            setattr(record, self.site_key, site)  # str() and the derived values read it: no query per row
            found[(site.code, record.date)] = record
        return found

    def check(self, instance, values, number):
        found = {key: "不能为空" for key in (self.site_key, "date") if values.get(key) is None}
        day, code = values.get("date"), values.get(self.site_key)
        if day is not None and day > self.today:  # today read once per file; the rule and message are cells'
            try:
                cells.check_not_future(day)
            except cells.CellError as problem:
                found["date"] = str(problem)
        if code is not None and code not in self.sites:
            found[self.site_key] = f"未知的{self.site_word}编码“{code}”：请先在系统中登记该{self.site_word}"
        if found:
            return found
        first = self.first_rows.setdefault((code, day), number)
        if first != number:
            return {"date": repeated(first, f"同一{self.site_word}同一天")}
        state = self.current
        if state.new:
            setattr(instance, self.site_key, self.sites[code])
            instance.date = day
        elif all(getattr(instance, attribute) == values[key] for key, attribute in self.measured if key in values):
            state.unchanged = True  # nothing to recompute, nothing to write
            return {}
        else:
            state.before = self.snapshot(instance)
        for key, attribute in self.measured:
            if key in values:
                setattr(instance, attribute, values[key])
        return {}

    def snapshot(self, instance) -> dict:
        return {name: plain(getattr(instance, name)) for name in self.tracked}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A stored row is skipped when no measured value changes (then its derived values cannot);
        the derived values themselves wait for the batch (``derive``)."""
        if import_validation_errors:
            return False
        state = self.current
        if state.unchanged:
            return True
        before = None if state.before is None else {name: state.before[name] for name in self.measured_fields}
        state.changes = changes_between(before, {name: plain(getattr(instance, name)) for name in self.measured_fields})
        self.pending[id(instance)] = (state.before, state.changes)
        if not state.new:
            self.changed_fields[id(instance)] = state.changes
        return not state.new and not state.changes

    def derive(self, instances) -> None:
        """The derived values of a batch about to be written, added to each row's history as
        ``changes_between`` would have (a new record's values that are not empty; what changed)."""
        many = getattr(self._meta.model, "refresh_derived_many", None)
        if many is not None:
            many(instances)
        else:
            for instance in instances:
                instance.refresh_derived()
        for instance in instances:
            before, changes = self.pending.pop(id(instance))
            for name in self.derived:
                value = plain(getattr(instance, name))
                if before is None:
                    if value not in (None, ""):
                        changes[name] = [None, value]
                elif before.get(name) != value:
                    changes[name] = [before.get(name), value]

    def before_save_instance(self, instance, row, **kwargs):
        instance.updated_at = self.now  # bulk writes do not apply auto_now

    def get_bulk_update_fields(self):
        names = {name for instance in self.update_instances for name in self.changed_fields[id(instance)]}
        return sorted(names) + ["updated_at"]

    def write(self, instances, *, corrections: bool = False) -> None:
        """A batch of new rows as one INSERT, or of corrected rows as one INSERT … ON CONFLICT (site,
        date) DO UPDATE of the fields that changed (``ecoreport.lib.bulk_insert``).

        Django's ``bulk_update`` builds a CASE WHEN expression per changed field and row in Python,
        about a millisecond each; its ``bulk_create`` runs each value through its field: most of the
        import's time for a year of records, where the database itself needs a few hundred ms.
        """
        self.derive(instances)
        update = self.get_bulk_update_fields() if corrections else None
        bulk_insert.insert(self._meta.model, instances, key=(self.site_key, "date"), update=update)
        if self.refresh_after_write is not None:
            self.refresh_after_write(instances)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write_batch(self.create_instances, using_transactions, dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write_batch(self.update_instances, using_transactions, dry_run, raise_errors, result, corrections=True)

    def _write_batch(self, instances, using_transactions, dry_run, raise_errors, result, *, corrections=False):
        if not instances:
            return
        try:
            if using_transactions or not dry_run:
                self.write(instances, corrections=corrections)
            else:  # nothing is written, but the planned changes are complete
                self.derive(instances)
        except Exception as error:  # as the library's bulk writes: reported, and the import rolled back
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()


@contextlib.contextmanager
def _collector_paused():
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


REMEMBERED_CELLS = 4096  # per column: a year of a city's daily rows has a few hundred distinct values in each


def remembered(parse):
    """``parse`` with its answers remembered (by the cell's value and type; refusals are not kept):
    a year of daily records repeats the same codes, dates and readings thousands of times. Only for
    parsers that depend on nothing but the cell and return values that cannot change."""
    cached = functools.lru_cache(maxsize=REMEMBERED_CELLS, typed=True)(parse)

    def read(cell):
        try:
            return cached(cell)
        except TypeError:  # an unhashable cell: read it afresh
            return parse(cell)

    return read


def measurement_resource(name: str, *, model, site_label: str, date_label: str, measures: dict, attribute_of, **attrs):
    """A resource class for one kind of monitoring data: site code, date, then one column per measure."""
    site_key = attrs["site_key"]
    columns = {
        site_key: Column(
            site_key, site_label, remembered(cells.parse_text), attribute=f"{site_key}__code", required=True
        ),
        "date": Column("date", date_label, remembered(cells.parse_date), required=True),
    }
    for key, measure in measures.items():
        parse = remembered(cells.measure_parser(measure))
        columns[key] = Column(key, measure.label, parse, attribute=attribute_of(key))
    order = tuple(columns)
    meta = type("Meta", (MeasurementResource.Meta,), {
        "model": model, "fields": order, "import_order": order, "export_order": order,
        "import_id_fields": (site_key, "date"),
    })  # fmt: skip
    namespace = {"__module__": __name__, "__qualname__": name, "Meta": meta, **attrs, **columns}
    return type(MeasurementResource)(name, (MeasurementResource,), namespace)


def _refresh_air_aggregates(records) -> None:
    """What the ORM's writes of daily records refresh (``indicators.aggregates``), for a raw batch."""
    refresh_air_aggregates(station_ids={r.station_id for r in records}, dates={r.date for r in records})


AirDailyResource = measurement_resource(
    "AirDailyResource",
    model=AirDailyRecord,
    kind="air-daily",
    label="空气日数据",
    site_key="station",
    site_model=AirStation,
    site_word="站点",
    site_label="站点编码",
    date_label="日期",
    measures=cells.AIR_MEASURES,
    attribute_of=lambda key: key,
    derived=("aqi", "category_level", "primary_pollutants"),
    refresh_after_write=staticmethod(_refresh_air_aggregates),
    related=("station",),
    ordering=("station__code", "date"),
)

WaterSampleResource = measurement_resource(
    "WaterSampleResource",
    model=WaterSample,
    kind="water-samples",
    label="水质监测数据",
    site_key="section",
    site_model=WaterSection,
    site_word="断面",
    site_label="断面编码",
    date_label="采样日期",
    measures=cells.WATER_MEASURES,
    attribute_of=lambda key: WATER_FIELD[key],
    derived=("water_class",),
    related=("section",),
    ordering=("section__code", "date"),
)
