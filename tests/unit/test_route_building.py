"""FastAPI's route building, made cheaper by `jobtrack.route_building`, builds the same routes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header
from fastapi import Path as PathParam
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

from jobtrack import route_building
from jobtrack.runtime import BlockingRoute

BACKEND = Path(__file__).resolve().parents[2] / "backend"


class Thing(BaseModel):
    name: str


class Problem(BaseModel):
    detail: str


def caller(x_caller: Annotated[str, Header()]) -> str:
    return x_caller


Caller = Annotated[str, Depends(caller)]
ThingId = Annotated[int, PathParam(ge=1)]


def build_router() -> APIRouter:
    router = APIRouter(route_class=BlockingRoute)

    @router.get("/things/{thing_id}", response_model=Thing, responses={404: {"model": Problem}})
    def read_thing(thing_id: ThingId, who: Caller) -> Thing:
        return Thing(name=f"{who}:{thing_id}")

    @router.put("/things/{thing_id}", response_model=Thing, responses={404: {"model": Problem}})
    def put_thing(thing_id: ThingId, who: Caller, thing: Thing) -> Thing:
        return Thing(name=f"{who}:{thing_id}:{thing.name}")

    return router


def build_app() -> FastAPI:
    app = FastAPI()
    app.include_router(build_router())
    return app


def routes(router: APIRouter) -> dict[str, Any]:
    return {f"{min(r.methods or [])} {r.path}": r for r in router.routes if isinstance(r, APIRoute)}


def test_fields_of_the_same_type_share_one_adapter_and_stay_distinct() -> None:
    found = routes(build_router())
    read, put = found["GET /things/{thing_id}"], found["PUT /things/{thing_id}"]
    # The error body and the response model: one adapter each for both routes.
    assert read.response_fields[404] is not put.response_fields[404]
    assert read.response_fields[404]._type_adapter is put.response_fields[404]._type_adapter
    assert read.response_field._type_adapter is put.response_field._type_adapter
    # A plain model field uses the model's own validator: nothing was built for it.
    assert read.response_field._type_adapter.validator is Thing.__pydantic_validator__
    # The path parameter, constrained the same way on both routes, shares its adapter too.
    read_id = read.dependant.path_params[0]
    put_id = put.dependant.path_params[0]
    assert read_id is not put_id
    assert read_id._type_adapter is put_id._type_adapter


def test_shared_adapters_validate_and_name_each_routes_own_field() -> None:
    client = TestClient(build_app())
    assert client.get("/things/3", headers={"x-caller": "ann"}).json() == {"name": "ann:3"}
    answer = client.put("/things/4", headers={"x-caller": "bo"}, json={"name": "lamp"})
    assert answer.json() == {"name": "bo:4:lamp"}
    refused = client.get("/things/0", headers={"x-caller": "ann"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["path", "thing_id"]
    missing = client.put("/things/4", headers={"x-caller": "bo"}, json={})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "name"]


def test_fields_that_differ_get_their_own_adapter() -> None:
    from fastapi.utils import create_model_field

    small = create_model_field(name="a", type_=Annotated[int, PathParam(ge=1)])
    large = create_model_field(name="b", type_=Annotated[int, PathParam(ge=5)])
    assert small._type_adapter is not large._type_adapter
    assert small.validate(3)[1] == []
    assert large.validate(3)[1] != []


def test_a_dependencys_signature_is_read_once() -> None:
    from fastapi.dependencies import utils

    assert hasattr(utils.get_typed_signature, "__wrapped__")
    assert utils.get_typed_signature(caller) is utils.get_typed_signature(caller)
    assert list(utils.get_typed_signature(caller).parameters) == ["x_caller"]
    assert utils.get_typed_signature(build_app) is not utils.get_typed_signature(caller)


def test_patches_apply_once() -> None:
    from fastapi._compat import v2

    patched = v2.ModelField.__post_init__
    route_building.share_type_adapters()
    route_building.share_signatures()
    route_building.skip_the_pydantic_v1_probe()
    assert v2.ModelField.__post_init__ is patched


def test_building_the_app_does_not_import_pydantic_v1() -> None:
    env = {**os.environ, "PYTHONPATH": str(BACKEND)}
    code = "import sys, jobtrack.main as m; m.create_app(); print('pydantic.v1' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
