"""FM008: names, class and summary are plain text, so Markdown in them shows as marks."""

import pytest

from .factories import findings


@pytest.mark.parametrize("overrides, where", [
    ({"brand_names": ["**Testopin**"]}, "brand_names.0"),
    ({"drug_class": "`Benzodiazepine`"}, "drug_class"),
    ({"summary": "Testazepam is [safe](https://example.org) to read about."}, "summary"),
    ({"summary": "# Testazepam is a made-up medicine."}, "summary"),
    ({"generic_name": "__testazepam__"}, "generic_name"),
])
def test_markdown_in_a_plain_text_field_is_an_error(content, overrides, where):
    content.write(**overrides)
    [finding] = findings(content.check(), "FM008")
    assert finding.message.startswith(f"{where}:")


def test_plain_words_pass(content):
    content.write(summary="Testazepam is a made-up medicine (for tests #1 and 2) with a "
                          "3*4 mm tablet.", brand_names=["Testopin-XR"])
    assert findings(content.check(), "FM008") == []


def test_the_finding_points_at_the_mark(content):
    path = content.write(drug_class="A **bold** class")
    [finding] = findings(content.check(), "FM008")
    line = path.read_text().splitlines()[finding.line - 1]
    assert line[finding.col - 1:].startswith("**bold")
