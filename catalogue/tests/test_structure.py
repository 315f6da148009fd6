"""The catalogue's modules import one way: listings import models, models never import listings."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import catalogue
from catalogue.models import BestPracticePage
from core.validators import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS
from offices.models import OfficePage

MODELS = Path(catalogue.__file__).parent / "models"


def imported_modules(path):
    """Every module a file imports, at the top or inside a function."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def model_imports():
    return {f"catalogue.models.{path.stem}": imported_modules(path) for path in MODELS.glob("*.py")}


def test_models_import_no_listing_code():
    for module, imports in model_imports().items():
        assert not imports & {"catalogue.listing", "catalogue.facets", "catalogue.search"}, module


def test_model_modules_import_each_other_one_way():
    graph = {
        module: {m for m in imports if m.startswith("catalogue.models.")} for module, imports in model_imports().items()
    }
    graph.pop("catalogue.models.__init__")

    def reaches(start, goal, seen=()):
        return any(n == goal or (n not in seen and reaches(n, goal, (*seen, n))) for n in graph.get(start, ()))

    assert [module for module in graph if reaches(module, module)] == []


@pytest.mark.parametrize("model", [BestPracticePage, OfficePage])
def test_coordinates_are_validated_by_the_shared_validators(model):
    for name, validators, wrong in [
        ("latitude", LATITUDE_VALIDATORS, "90.5"),
        ("longitude", LONGITUDE_VALIDATORS, "-181"),
    ]:
        field = model._meta.get_field(name)
        assert all(any(v is shared for v in field.validators) for shared in validators)
        with pytest.raises(ValidationError):
            field.run_validators(Decimal(wrong))
