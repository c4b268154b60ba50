"""Writing many new rows at once, for the content load and the index it keeps."""

from django.db import connection


def insert_rows(model, objects, batch_size=500):
    """Insert unsaved `objects` whose ids nobody reads back: by COPY on PostgreSQL, a
    stream the server need not parse as thousands of statement parameters (a tenth of
    a large load's store); by multi-row INSERTs elsewhere. Each column gets the value
    bulk_create would send; the ids too when every object has one."""
    given = {obj.pk is not None for obj in objects}
    if not copies() or len(given) > 1:  # some ids given, some not: as bulk_create does
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk or given == {True}]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            "FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection)
                            for field in fields])


def copies():
    return connection.vendor == "postgresql"
