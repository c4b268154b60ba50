"""Writing many new rows at once, for the content load and the index it keeps."""

import datetime
import functools

from django.db import connection, models
from django.db.models import Field


def insert_rows(model, objects, batch_size=500):
    """Insert unsaved `objects` whose ids nobody reads back, each column with the value
    bulk_create would send (the ids too when every object has one): by COPY on
    PostgreSQL, a stream the server need not parse as thousands of statement
    parameters (a tenth of a large load's store); elsewhere by one prepared INSERT run
    for every row, which costs a fifth of what bulk_create spends building its
    statements."""
    given = {obj.pk is not None for obj in objects}
    if len(given) > 1:  # some ids given, some not: as bulk_create does
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk or given == {True}]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    prepared = [column_value(field) for field in fields]
    rows = ([value(obj) for value in prepared] for obj in objects)
    with connection.cursor() as cursor:
        if copies():
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Names from the model's own metadata, quoted; every value is a parameter.
            values = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})",  # noqa: S608
                               rows)


def column_value(field):
    """A function of unsaved objects giving the value bulk_create would send for
    `field`. A text column's value is its string as it is: Django's preparation of
    it (pre_save, to_python, the connection's adaptation) returns a str or None
    unchanged, and was a third of what the store did itself (half a million calls in a
    2,000-file load). Other values go through that preparation, once per distinct
    number, date or None of the column (a monograph's id is on each of its rows)."""
    attname = field.attname
    if _passes_text_through(type(field)):
        def value(obj):
            value = getattr(obj, attname)
            if value is None or type(value) is str:
                return value
            return field.get_db_prep_save(value, connection)  # pre_save is the getattr

        return value
    if type(field).pre_save is not Field.pre_save:
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    prepared = {}

    def value(obj):
        value = getattr(obj, attname)
        if type(value) not in _SAME_WHEN_EQUAL:
            return field.get_db_prep_save(value, connection)
        key = (type(value), value)
        try:
            return prepared[key]
        except KeyError:
            prepared[key] = field.get_db_prep_save(value, connection)
            return prepared[key]

    return value


# Types whose equal values (of one type) are prepared alike: not floats (0.0 and -0.0),
# not datetimes (equal instants in other time zones).
_SAME_WHEN_EQUAL = frozenset({int, bool, type(None), datetime.date})


@functools.cache
def _passes_text_through(kind):
    """Whether a field class prepares a str as Django's CharField and TextField do,
    by handing it back: none of the steps is overridden."""
    return (issubclass(kind, (models.CharField, models.TextField))
            and kind.pre_save is Field.pre_save
            and kind.get_db_prep_save is Field.get_db_prep_save
            and kind.get_db_prep_value is Field.get_db_prep_value
            and kind.get_prep_value in (models.CharField.get_prep_value,
                                        models.TextField.get_prep_value)
            and kind.to_python in (models.CharField.to_python, models.TextField.to_python))


def copies():
    return connection.vendor == "postgresql"


def update_column(model, column, values):
    """Set one column of many rows ({pk: value}): one prepared UPDATE run for every row.
    bulk_update writes a CASE expression per 500 rows, which took seconds for the ten
    thousand rows of a first reload after a migration."""
    if not values:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    field = model._meta.get_field(column)
    quoted, pk = (connection.ops.quote_name(name)
                  for name in (field.column, model._meta.pk.column))
    with connection.cursor() as cursor:
        # Names from the model's own metadata, quoted; every value is a parameter.
        cursor.executemany(f"UPDATE {table} SET {quoted} = %s WHERE {pk} = %s",  # noqa: S608
                           [(field.get_db_prep_save(value, connection), key)
                            for key, value in values.items()])
