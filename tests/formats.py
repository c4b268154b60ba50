"""Readers for the machine-readable formats, shared by the tests of each."""

import json

import jsonschema

from refsite.api.views import OPENAPI

from .pages import parse_page


def response_schema(path, status="200", media="application/json"):
    """The declared schema of one response, resolvable against the whole document."""
    schema = OPENAPI["paths"][path]["get"]["responses"][status]["content"][media]["schema"]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": OPENAPI["components"], **schema}


def assert_valid(data, path, status="200"):
    jsonschema.Draft202012Validator(response_schema(path, status)).validate(data)


def structured_data(html):
    doc = parse_page(html)
    scripts = [s for s in doc.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    return json.loads(scripts[0].text)
