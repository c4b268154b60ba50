"""A migration operation for the parts of the index only one database has."""

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL that runs only on one database vendor and leaves model state alone, for
    structures Django does not model: FTS5 virtual tables, GIN indexes."""

    def __init__(self, vendor, sql, reverse_sql=None, **kwargs):
        self.vendor = vendor
        super().__init__(sql, reverse_sql, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Raw SQL operation on {self.vendor} only"
