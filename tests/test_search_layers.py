"""The search backends sit below ranking, suggestions and snippets: they import only
`query`, `sql`, the models and outside libraries, so nothing above them can form an
import cycle through them. Checked by reading the source until import-linter contracts
say the same."""

import ast
from pathlib import Path

import pytest

import refsite.search.backends

BACKENDS = Path(refsite.search.backends.__file__).parent
PACKAGE = "refsite.search.backends"
FORBIDDEN = ("refsite.search.ranking", "refsite.search.suggest", "refsite.search.snippets")


def imported_modules(path):
    """Every module `path` imports, relative imports made absolute; for `from X import
    name`, both X and X.name (the name may be a submodule)."""
    module = PACKAGE if path.name == "__init__.py" else f"{PACKAGE}.{path.stem}"
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[:len(parent) - (node.level - 1)]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_the_check_sees_relative_and_absolute_imports(tmp_path):
    source = tmp_path / "example.py"
    source.write_text("from ..query import AND\nfrom .. import ranking\n"
                      "import refsite.search.snippets\n")
    assert {"refsite.search.query", "refsite.search.ranking",
            "refsite.search.snippets"} <= imported_modules(source)


@pytest.mark.parametrize("path", sorted(BACKENDS.glob("*.py")), ids=lambda p: p.name)
def test_backend_imports_nothing_above_it(path):
    above = {m for m in imported_modules(path)
             if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)}
    assert not above, f"{path.name} imports {sorted(above)}"
