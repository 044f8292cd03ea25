"""What building the routes costs at import, made smaller: two narrow patches of FastAPI.

Every route FastAPI builds wraps each parameter, the response model and each documented error
response in a `ModelField`, and each `ModelField` builds a Pydantic `TypeAdapter` (a core schema,
a validator and a serializer). Our 22 routes ask for 160 of them, 94 of which are the same error
body, and FastAPI asks for every one whether it is a pydantic.v1 model. Both happen at import,
so a cold start pays them. Imported by `jobtrack.runtime`, which every router imports for its
route class, so the patches are in place before the first route is built.

- `share_type_adapters`: fields with the same type, the same constraints and the same field
  attributes share one adapter (the `ModelField`s stay distinct: names, aliases and the OpenAPI
  document are untouched; an adapter is stateless once built).
- `share_signatures`: a dependency's typed signature (`inspect.signature` with its string
  annotations evaluated) is read once, not once per route that depends on it (about 100 times).
- `skip_the_pydantic_v1_probe`: no class can be a v1 model while `pydantic.v1` has never been
  imported, so the probe answers that without importing it; once anything imports it, FastAPI's
  own check runs again.

tests/unit/test_route_building.py proves both; `make openapi-check` that the document is the same.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Hashable
from typing import Any

from pydantic import BaseModel, TypeAdapter

_ADAPTERS: dict[Hashable, Any] = {}


def _adapter_key(field: Any) -> Hashable | None:
    """What decides the adapter FastAPI builds for `field`, or None when a part of it cannot be
    compared (an unhashable constraint or attribute: that field builds its own)."""
    from fastapi._compat import v2

    info = v2.asdict(field.field_info)
    key = (
        field.mode,
        repr(field.config),
        info["annotation"],
        tuple((type(item), item) for item in info["metadata"]),
        tuple((name, type(value), value) for name, value in info["attributes"].items()),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _is_plain_model(field: Any) -> bool:
    """A field that is a Pydantic model and nothing more: no constraints, no alias, no default,
    no config (the response models and the error body)."""
    from fastapi._compat import v2
    from pydantic.fields import FieldInfo

    annotation = field.field_info.annotation
    if field.config is not None or not (
        isinstance(annotation, type) and issubclass(annotation, BaseModel)
    ):
        return False
    info = v2.asdict(field.field_info)
    plain = v2.asdict(FieldInfo(annotation=annotation))
    return not info["metadata"] and info["attributes"] == plain["attributes"]


def share_type_adapters() -> None:
    try:
        from fastapi._compat import v2
    except ImportError:  # pragma: no cover - a FastAPI without the v2 compat layer
        return
    build = v2.ModelField.__post_init__
    if hasattr(build, "__wrapped__"):
        return

    @functools.wraps(build)
    def __post_init__(self: Any) -> None:
        key = _adapter_key(self)
        adapter = _ADAPTERS.get(key) if key is not None else None
        if adapter is not None:
            self._type_adapter = adapter
            return
        if key is not None and _is_plain_model(self):
            # The model's own validator and serializer, as `TypeAdapter(Model)` reuses them:
            # nothing to build (FastAPI's `Annotated[Model, Field()]` builds them again).
            self._type_adapter = _ADAPTERS[key] = TypeAdapter(self.field_info.annotation)
            return
        build(self)
        if key is not None:
            _ADAPTERS[key] = self._type_adapter

    v2.ModelField.__post_init__ = __post_init__  # type: ignore[method-assign]


def share_signatures() -> None:
    try:
        from fastapi.dependencies import utils
    except ImportError:  # pragma: no cover
        return
    read = utils.get_typed_signature
    if hasattr(read, "__wrapped__"):
        return
    signatures: dict[Any, Any] = {}

    @functools.wraps(read)
    def get_typed_signature(call: Any) -> Any:
        try:
            return signatures[call]
        except KeyError:
            signature = signatures[call] = read(call)
            return signature
        except TypeError:  # an unhashable callable
            return read(call)

    utils.get_typed_signature = get_typed_signature


def skip_the_pydantic_v1_probe() -> None:
    try:
        from fastapi import encoders
        from fastapi._compat import shared
    except ImportError:  # pragma: no cover - a FastAPI without the probe
        return
    is_v1_class = getattr(shared, "is_pydantic_v1_model_class", None)
    is_v1_instance = getattr(shared, "is_pydantic_v1_model_instance", None)
    if is_v1_class is None or is_v1_instance is None or hasattr(is_v1_class, "__wrapped__"):
        return

    @functools.wraps(is_v1_class)
    def is_pydantic_v1_model_class(cls: Any) -> bool:
        return "pydantic.v1" in sys.modules and bool(is_v1_class(cls))

    @functools.wraps(is_v1_instance)
    def is_pydantic_v1_model_instance(obj: Any) -> bool:
        return "pydantic.v1" in sys.modules and bool(is_v1_instance(obj))

    shared.is_pydantic_v1_model_class = is_pydantic_v1_model_class
    shared.is_pydantic_v1_model_instance = is_pydantic_v1_model_instance
    if getattr(encoders, "is_pydantic_v1_model_instance", None) is is_v1_instance:
        setattr(encoders, "is_pydantic_v1_model_instance", is_pydantic_v1_model_instance)  # noqa: B010


share_type_adapters()
share_signatures()
skip_the_pydantic_v1_probe()
