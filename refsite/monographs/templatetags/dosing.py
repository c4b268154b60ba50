"""Formatting of structured dose amounts, the same way in the table, API and preview."""

from django import template

register = template.Library()


def _number(value):
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text


@register.filter
def amount(value):
    """`{value: 0.5, to: 1, unit: mg, times_daily: 2}` -> '0.5 to 1 mg twice daily'."""
    if not value:
        return ""
    text = _number(value["value"])
    if value.get("to") is not None:
        text += f" to {_number(value['to'])}"
    text += f" {value['unit']}"
    times = value.get("times_daily")
    if times:
        text += " " + {1: "once daily", 2: "twice daily", 3: "three times daily"}.get(
            times, f"{times} times daily"
        )
    if value.get("every"):
        text += f" every {value['every']}"
    return text
