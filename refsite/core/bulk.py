"""Writing many new rows at once, for the content load and the index it keeps."""

from django.db import connection


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
    rows = ([field.get_db_prep_save(field.pre_save(obj, True), connection)
             for field in fields] for obj in objects)
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
