"""insert_rows sends each column exactly what bulk_create would: the shortcut for text
columns (a str is sent as it is) must agree with Django's preparation of every value."""

import pytest
from django.apps import apps
from django.db import connection
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from refsite.core.bulk import _passes_text_through, column_value
from refsite.monographs.models import Alias

# The models the load and the search index insert with insert_rows.
MODELS = ["monographs.Section", "monographs.Source", "monographs.DoseRule", "monographs.Alias",
          "search.SearchEntry", "search.SearchName"]
FIELDS = [(name, field.name) for name in MODELS
          for field in apps.get_model(name)._meta.concrete_fields]

VALUES = st.one_of(st.text(), st.none(), st.integers(-3, 3), st.booleans(), st.dates(),
                   st.floats(), st.datetimes(timezones=st.timezones()),
                   st.just(gettext_lazy("Brand name")), st.just(Alias.Kind.BRAND),
                   st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def outcome(function):
    """What preparing a value gives, comparable: its type and value (a psycopg wrapper
    such as Jsonb by the object it wraps), or the exception type it raises."""
    try:
        value = function()
    except Exception as exc:  # noqa: BLE001 - the two ways must fail alike
        return "raises", type(exc)
    return "value", type(value), getattr(value, "obj", value)


@pytest.mark.parametrize(("model", "name"), FIELDS)
@settings(max_examples=15, deadline=None)
@given(value=VALUES)
def test_a_column_gets_the_value_django_prepares(model, name, value):
    field = apps.get_model(model)._meta.get_field(name)
    obj = field.model()
    setattr(obj, field.attname, value)
    assert outcome(lambda: column_value(field)(obj)) == outcome(
        lambda: field.get_db_prep_save(field.pre_save(obj, True), connection))


@pytest.mark.parametrize(("model", "name"), FIELDS)
@settings(max_examples=10, deadline=None)
@given(values=st.lists(VALUES, max_size=6))
def test_a_column_prepares_each_of_many_values_as_django_does(model, name, values):
    """One column_value for many rows: a value equal to an earlier one of another type
    (True and 1, 0 and False) is not sent as the earlier one."""
    field = apps.get_model(model)._meta.get_field(name)
    column = column_value(field)
    for value in values:
        obj = field.model()
        setattr(obj, field.attname, value)
        assert outcome(lambda obj=obj: column(obj)) == outcome(
            lambda obj=obj: field.get_db_prep_save(field.pre_save(obj, True), connection))


def test_the_text_columns_of_the_store_take_the_shortcut():
    """So the shortcut is taken where it matters: the sections' HTML and text."""
    section = apps.get_model("monographs.Section")._meta
    assert _passes_text_through(type(section.get_field("html")))
    assert _passes_text_through(type(section.get_field("text")))
    assert not _passes_text_through(type(section.get_field("position")))
    assert not _passes_text_through(type(section.get_field("monograph")))


def test_a_field_that_prepares_text_its_own_way_does_not():
    from django.db import models

    class Upper(models.CharField):
        def get_prep_value(self, value):
            return super().get_prep_value(value).upper()

    assert not _passes_text_through(Upper)
    assert _passes_text_through(models.SlugField)
    assert not _passes_text_through(models.DateField)
