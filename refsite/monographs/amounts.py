"""An amount of a DoseRule in words, the same on the page, in the API and in FHIR."""

TIMES_DAILY = {1: "once daily", 2: "twice daily", 3: "three times daily"}


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe_amount(value):
    """`{value: 0.5, to: 1, unit: mg, times_daily: 2}` -> '0.5 to 1 mg twice daily'."""
    if not value:
        return ""
    text = _number(value["value"])
    if value.get("to") is not None:
        text += f" to {_number(value['to'])}"
    text += f" {value['unit']}"
    times = value.get("times_daily")
    if times:
        text += " " + TIMES_DAILY.get(times, f"{times} times daily")
    if value.get("every"):
        text += f" every {value['every']}"
    return text
