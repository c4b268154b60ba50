"""Dose amounts in templates: `{{ rule.max_daily|amount }}`."""

from django import template

from ..amounts import describe_amount

register = template.Library()
register.filter("amount", describe_amount)


@register.inclusion_tag("monographs/includes/cite.html")
def cite(sources_by_key, key, label_section=""):
    """A citation like the body's `[^source:6.1]`: "[1 §6.1]" linking to the source list,
    for facts the page draws from structured front matter."""
    section = str(label_section or "")
    where = f"\u00a7{section}" if section[:1].isdigit() else section
    return {"source": sources_by_key.get(key), "key": key, "where": where,
            "section_words": f"section {section}" if section[:1].isdigit() else section}


@register.filter
def strength(value):
    """A strength from `forms` in words: "0.5 mg", "100 mg per mL"."""
    amount = describe_amount({"value": value["value"], "unit": value["unit"]})
    return f"{amount} per {value['per']}" if value.get("per") else amount
