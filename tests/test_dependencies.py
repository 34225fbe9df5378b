"""Dependencies point one way (DESIGN.md): takedowns and search → articles/faq → geo,
and faq → articles (an FAQ item belongs to an article). Read from the source
of every module, migrations included."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("geo", "articles", "faq", "takedowns", "search")
# What each app may import of the others.
ALLOWED = {
    "geo": set(),
    "articles": {"geo"},
    "faq": {"geo", "articles"},
    "takedowns": {"geo", "articles", "faq"},
    "search": {"geo", "articles", "faq"},
}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(APPS)
    return found


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app] - {app})
        for path in (ROOT / app).rglob("*.py")
    }

    assert {path: apps for path, apps in offending.items() if apps} == {}


def test_article_models_and_querysets_do_not_import_each_other():
    assert "articles.models" not in (ROOT / "articles" / "querysets.py").read_text()
