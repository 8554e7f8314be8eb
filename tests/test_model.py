"""graphkit.model's records: the written-out ``__init__`` of each (mypyc compiles them to native
classes, see the module's docstring) takes its dataclass fields in order with their defaults,
gives every record its own empty lists, and the records pickle (``graphkit load --jobs``)."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from pathlib import Path

import pytest

from graphkit import model
from graphkit.extract import extract_file

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
RECORDS = [cls for cls in vars(model).values()
           if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__]


def test_the_records_are_all_found():
    assert {cls.__name__ for cls in RECORDS} == {
        "Unit", "Reform", "Deadline", "Target", "Part", "Section", "Task", "PlanMeta", "ExtractWarning",
        "ExtractedPlan"}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(cls):
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields):
        assert p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, p
        if f.default is not dataclasses.MISSING:
            assert p.default == f.default and type(p.default) is type(f.default), f.name
        elif f.default_factory is not dataclasses.MISSING:
            assert p.default is None, f"{f.name}: a container defaults to None and starts empty"
        else:
            assert p.default is inspect.Parameter.empty, f"{f.name} is required"


def required(cls) -> dict:
    """Values for a record's fields without a default (compiled records check their types)."""
    sample = {"span": (0, 1), "level": 1, "line": 1, "value": 0.5, "number_implied": False, "section": [],
              "plan": model.PlanMeta("p", "s")}
    return {f.name: sample.get(f.name, "x") for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_defaults_match_the_dataclass_and_containers_are_not_shared(cls):
    a, b = cls(**required(cls)), cls(**required(cls))
    assert a == b
    for f in dataclasses.fields(cls):
        value = getattr(a, f.name)
        if f.default_factory is not dataclasses.MISSING:
            assert value == f.default_factory() and value is not getattr(b, f.name), f.name
        elif f.default is not dataclasses.MISSING:
            assert value == f.default, f.name


def test_extracted_plans_pickle_whole():
    plans = [extract_file(path) for path in sorted(CORPUS.glob("*.txt"))]
    tasks = [t for plan in plans for t in plan.tasks]
    assert all(any(getattr(t, name) for t in tasks) for name in ("reforms", "deadline", "targets", "parts"))
    for plan in plans:
        copy = pickle.loads(pickle.dumps(plan))
        assert copy == plan
        assert copy.to_dict() == plan.to_dict() and copy.text == plan.text
        assert copy.plan.jurisdiction == plan.plan.jurisdiction


def test_compiled_records_check_their_field_types():
    """The one difference the README names: compiled, a record rejects a field of the wrong type."""
    from graphkit.loaders import native

    if not native.COMPILED_IN_USE:
        assert model.Unit("市发改委", [0, 4]).span == [0, 4]  # type: ignore[arg-type]  # a dataclass takes it
        return
    with pytest.raises(TypeError, match="tuple"):
        model.Unit("市发改委", [0, 4])  # type: ignore[arg-type]
