"""READ001: the patient wording is measured, not guessed.

The summary and each plain boxed-warning wording are what a patient reads first; their
Flesch-Kincaid grade (refsite.monographs.readability, drug names read as one easy word)
above the target is a warning a reviewer weighs (`--strict`, as CI runs it, makes it an
error).
"""

from refsite.monographs.readability import TARGET_GRADE, grades

from ..findings import WARNING, Finding

CODES = {
    "READ001": f"(warning) patient wording reads above grade {TARGET_GRADE} (Flesch-Kincaid)",
}


def grades_of(doc, context):
    """The Grades of a document, with every drug name of the catalog read as a word."""
    return grades(doc.meta, context.catalog.drug_names)


def check(doc, context):
    measured = grades_of(doc, context)
    path = doc.display_path
    if measured.summary is not None and measured.summary > TARGET_GRADE:
        yield Finding(path, doc.line_of("summary"), 1, "READ001",
                      f"the patient summary reads at grade {measured.summary} (target "
                      f"{TARGET_GRADE} or below): use shorter sentences and everyday words",
                      severity=WARNING)
    items = doc.meta.get("boxed_warning") or []
    plain_lines = {item.get("plain"): index for index, item in enumerate(items)
                   if isinstance(item, dict)}
    for title, plain, grade in measured.boxed:
        if grade is not None and grade > TARGET_GRADE:
            line = doc.line_of("boxed_warning", plain_lines.get(plain, 0), "plain")
            yield Finding(path, line, 1, "READ001",
                          f"the plain wording of boxed item '{title}' reads at grade {grade} "
                          f"(target {TARGET_GRADE} or below): use shorter sentences and "
                          "everyday words", severity=WARNING)
