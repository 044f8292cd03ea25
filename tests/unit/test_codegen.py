"""The generated front-end schema: model fields -> field specs, and the module as Node sees it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field, create_model

from jobtrack.resumes.constants import RESUME_MAX_BYTES
from jobtrack.schema_version import SCHEMA_VERSION
from jobtrack.tracking import stages
from jobtrack.tracking.notes import (
    DATED_NOTE_FIELDS,
    NOTE_MODELS,
    AppliedNote,
    DatedNoteField,
    JobNotesIn,
    NoteBase,
    option_labels,
    show_if,
)
from jobtrack.tracking.schemas import OWN_CONTROL, EventCreateBase, JobCreate, OptionalJobUrl
from jobtrack.tracking.stages import EventType, Stage
from tests.scripts import load_script

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "generate_tracking_schema.py"


gen = load_script("generate_tracking_schema")


# --- Pydantic construct -> field spec --------------------------------------------------------


class Colour(Enum):
    dark_red = "dark_red"
    blue = "blue"


class Sample(BaseModel):
    kind: Literal["in_person", "take_home"] = Field("in_person", title="Kind of thing")
    maybe_kind: Literal["a", "b"] | None = None
    colour: Colour = Colour.blue
    who: str | None = Field(None, max_length=50)
    said: str = Field(min_length=2, max_length=10, description="Say it briefly.")
    long_text: str | None = Field(None, max_length=5_000)
    hinted: str | None = Field(None, max_length=100, json_schema_extra={"widget": "textarea"})
    round: int | None = Field(None, ge=1, le=9)
    above: int = Field(1, gt=0, lt=10)
    ratio: float = Field(0.5, ge=0, le=1)
    day: dt.date | None = None
    at: dt.time | None = None
    details: str | None = Field(None, json_schema_extra=show_if("kind", "take_home"))
    link: OptionalJobUrl = None


@pytest.fixture(scope="module")
def sample_specs() -> dict[str, dict[str, Any]]:
    return {spec["name"]: spec for spec in gen.field_specs(Sample)}


# JobCreate's fields the page renders with controls of their own (not from JOB_FIELDS).
OWN_CONTROLS = frozenset(
    name for name, field in JobCreate.model_fields.items() if field.json_schema_extra == OWN_CONTROL
)


def test_specs_follow_model_field_order(sample_specs: dict[str, dict[str, Any]]) -> None:
    assert list(sample_specs) == list(Sample.model_fields)


def test_literal_becomes_select_with_humanised_options(
    sample_specs: dict[str, dict[str, Any]],
) -> None:
    assert sample_specs["kind"] == {
        "name": "kind",
        "type": "select",
        "label": "Kind of thing",
        "required": False,
        "default": "in_person",
        "options": [
            {"value": "in_person", "label": "In person"},
            {"value": "take_home", "label": "Take home"},
        ],
    }


def test_nullable_literal_and_enum_become_selects(
    sample_specs: dict[str, dict[str, Any]],
) -> None:
    assert sample_specs["maybe_kind"]["type"] == "select"
    assert sample_specs["maybe_kind"]["default"] is None
    assert [o["value"] for o in sample_specs["maybe_kind"]["options"]] == ["a", "b"]
    assert sample_specs["colour"]["options"] == [
        {"value": "dark_red", "label": "Dark red"},
        {"value": "blue", "label": "Blue"},
    ]
    assert sample_specs["colour"]["default"] == "blue"


def test_nullable_str_is_optional_text_with_humanised_label(
    sample_specs: dict[str, dict[str, Any]],
) -> None:
    assert sample_specs["who"] == {
        "name": "who",
        "type": "text",
        "label": "Who",
        "required": False,
        "default": None,
        "maxLength": 50,
    }


def test_required_str_with_limits_and_description(
    sample_specs: dict[str, dict[str, Any]],
) -> None:
    assert sample_specs["said"] == {
        "name": "said",
        "type": "text",
        "label": "Said",
        "required": True,
        "default": None,
        "help": "Say it briefly.",
        "maxLength": 10,
        "minLength": 2,
    }


def test_long_or_hinted_text_is_a_textarea(sample_specs: dict[str, dict[str, Any]]) -> None:
    assert sample_specs["long_text"]["type"] == "textarea"
    assert sample_specs["long_text"]["label"] == "Long text"
    assert sample_specs["hinted"]["type"] == "textarea"
    assert sample_specs["hinted"]["maxLength"] == 100
    assert "widget" not in sample_specs["hinted"]


def test_int_with_bounds_and_float(sample_specs: dict[str, dict[str, Any]]) -> None:
    assert sample_specs["round"] == {
        "name": "round",
        "type": "integer",
        "label": "Round",
        "required": False,
        "default": None,
        "minimum": 1,
        "maximum": 9,
    }
    # gt/lt on an int are the nearest inclusive bounds.
    assert (sample_specs["above"]["minimum"], sample_specs["above"]["maximum"]) == (1, 9)
    assert sample_specs["ratio"]["type"] == "number"
    assert (sample_specs["ratio"]["minimum"], sample_specs["ratio"]["maximum"]) == (0, 1)
    assert "maxLength" not in sample_specs["round"]


def test_date_and_time(sample_specs: dict[str, dict[str, Any]]) -> None:
    assert sample_specs["day"]["type"] == "date"
    assert sample_specs["at"]["type"] == "time"
    assert "maxLength" not in sample_specs["day"]


def test_uri_string_is_a_url_field_and_an_empty_string_branch_means_unset(
    sample_specs: dict[str, dict[str, Any]],
) -> None:
    # OptionalJobUrl's schema is `uri | "" | null`: the "" branch is how a form says "not set".
    assert sample_specs["link"] == {
        "name": "link",
        "type": "url",
        "label": "Link",
        "required": False,
        "default": None,
        "maxLength": 2_000,
    }


def test_an_empty_string_branch_beside_a_non_string_still_fails() -> None:
    model = create_model(
        "OddUrl",
        x=(
            int | None,
            Field(
                None,
                json_schema_extra={"anyOf": [{"type": "integer"}, {"type": "string", "const": ""}]},
            ),
        ),
    )
    with pytest.raises(gen.UnsupportedField, match="union of several types"):
        gen.field_specs(model)


def test_show_if_carries_the_controlling_fields_default(
    sample_specs: dict[str, dict[str, Any]],
) -> None:
    assert sample_specs["details"]["showIf"] == {
        "field": "kind",
        "equals": "take_home",
        "default": "in_person",
    }
    assert "showIf" not in sample_specs["who"]


def test_real_note_models_map_as_declared() -> None:
    applied = {s["name"]: s for s in gen.field_specs(AppliedNote)}
    assert applied["type"]["type"] == "select"
    assert applied["note"]["type"] == "textarea"  # 10 000 characters
    assert applied["referrer_name"]["type"] == "text"
    assert applied["referrer_content"]["type"] == "textarea"  # widget hint
    assert applied["referrer_content"]["help"].startswith("Their contact details")
    for name in ("referrer_name", "referrer_content"):
        assert applied[name]["showIf"] == {
            "field": "type",
            "equals": "referral",
            "default": "online",
        }
    interview = {s["name"]: s for s in gen.field_specs(NOTE_MODELS[EventType.interview])}
    assert (interview["round"]["minimum"], interview["round"]["maximum"]) == (1, 1_000)
    offer = {s["name"]: s for s in gen.field_specs(NOTE_MODELS[EventType.offer])}
    assert offer["deadline"]["type"] == "date"


def test_option_labels_name_a_selects_choices_and_the_rest_are_humanised() -> None:
    class Labelled(BaseModel):
        kind: Literal["in_person", "take_home", "other"] | None = Field(
            None, json_schema_extra=option_labels(in_person="Face to face")
        )

    (spec,) = gen.field_specs(Labelled)
    assert spec["options"] == [
        {"value": "in_person", "label": "Face to face"},
        {"value": "take_home", "label": "Take home"},
        {"value": "other", "label": "Other"},
    ]


def test_an_option_label_for_a_value_the_field_lacks_fails_loudly() -> None:
    class Mislabelled(BaseModel):
        kind: Literal["a", "b"] = Field("a", json_schema_extra=option_labels(c="See"))

    with pytest.raises(
        gen.UnsupportedField, match=r"Mislabelled\.kind: option_labels names \['c'\]"
    ):
        gen.field_specs(Mislabelled)


def test_stage_fields_put_each_stages_own_fields_first_and_note_last() -> None:
    stage_fields = gen.build_schema()["STAGE_FIELDS"]
    assert list(stage_fields) == [t.value for t in EventType]
    for event_type, model in NOTE_MODELS.items():
        names = [s["name"] for s in stage_fields[event_type.value]]
        assert names == list(model.model_fields), event_type  # the model's order, all of it
        assert names[-1] == "note"
        assert names.count("note") == 1
    for specs in stage_fields.values():
        assert specs[-1]["label"] == "Notes"


def test_a_rejection_offers_a_reason_select_with_an_empty_choice_then_details() -> None:
    specs = gen.build_schema()["STAGE_FIELDS"]["rejected"]
    names = [s["name"] for s in specs]
    assert names.index("reason_category") < names.index("reason")  # the select, then details
    category, reason = specs[names.index("reason_category")], specs[names.index("reason")]
    assert category == {
        "name": "reason_category",
        "type": "select",
        "label": "Reason",
        "required": False,
        "default": None,  # no default: the form's select starts on its empty choice
        "options": [
            {"value": "no_response", "label": "No response / ghosted"},
            {"value": "position_filled", "label": "Position filled"},
            {"value": "after_interview", "label": "After an interview"},
            {"value": "other", "label": "Other"},
        ],
    }
    assert (reason["name"], reason["type"], reason["label"]) == ("reason", "text", "Details")


EXPECTED_EVENT_FORMS = {
    "applied": {
        "title": "Record application",
        "edit_title": "Edit application",
        "date_label": "Date applied",
        "event_time": False,
        "location": False,
    },
    "screening": {
        "title": "Record screening",
        "edit_title": "Edit screening",
        "date_label": "Date",
        "event_time": True,
        "location": True,
    },
    "interview": {
        "title": "Record interview",
        "edit_title": "Edit interview",
        "date_label": "Date",
        "event_time": True,
        "location": True,
    },
    "reference": {
        "title": "Record references",
        "edit_title": "Edit references",
        "date_label": "Date",
        "event_time": False,
        "location": False,
    },
    "offer": {
        "title": "Record offer",
        "edit_title": "Edit offer",
        "date_label": "Date received",
        "event_time": False,
        "location": False,
    },
    "accepted": {
        "title": "Accept the offer",
        "edit_title": "Edit acceptance",
        "date_label": "Date accepted",
        "event_time": False,
        "location": False,
    },
    "declined": {
        "title": "Decline the offer",
        "edit_title": "Edit decline",
        "date_label": "Date declined",
        "event_time": False,
        "location": False,
    },
    "rejected": {
        "title": "Mark as rejected",
        "edit_title": "Edit rejection",
        "date_label": "Date",
        "event_time": False,
        "location": False,
    },
    "withdrawn": {
        "title": "Withdraw the application",
        "edit_title": "Edit withdrawal",
        "date_label": "Date withdrawn",
        "event_time": False,
        "location": False,
    },
}


def test_event_forms_are_the_note_models_forms_in_event_type_order() -> None:
    forms = gen.build_schema()["EVENT_FORMS"]
    assert list(forms) == [e.value for e in EventType]
    assert forms == EXPECTED_EVENT_FORMS


def test_a_note_model_without_a_form_fails_loudly() -> None:
    formless = create_model("FormlessNote", __base__=NoteBase, reason=(str | None, None))
    with pytest.raises(gen.UnsupportedField, match=r"FormlessNote \(the 'rejected' note\)"):
        gen.build_schema(note_models={**NOTE_MODELS, EventType.rejected: formless})


def test_event_fields_are_the_ones_every_event_type_shares() -> None:
    specs = gen.build_schema()["EVENT_FIELDS"]
    assert [s["name"] for s in specs] == ["event_date", "event_time", "location"]
    date, time, location = specs
    assert (date["type"], date["required"], date["label"]) == ("date", True, "Event date")
    assert (time["type"], time["required"]) == ("time", False)
    assert (location["type"], location["maxLength"]) == ("text", 200)
    assert set(EventCreateBase.model_fields) - {s["name"] for s in specs} == {"event_type", "note"}


def test_job_fields_are_the_job_create_fields_but_the_nested_notes_and_own_controls() -> None:
    specs = gen.build_schema()["JOB_FIELDS"]
    assert [s["name"] for s in specs] == ["company", "title", "job_url"]
    assert set(JobCreate.model_fields) - {s["name"] for s in specs} == {
        "notes",
        "priority",
        "tags",
        "posting",
    }
    company, title, job_url = specs
    assert company == {
        "name": "company",
        "type": "text",
        "label": "Company",
        "required": True,
        "default": None,
        "maxLength": 200,
        "minLength": 1,
    }
    assert (title["label"], title["required"], title["maxLength"]) == ("Job title", True, 200)
    assert job_url == {
        "name": "job_url",
        "type": "url",
        "label": "Posting URL",
        "required": False,
        "default": None,
        "maxLength": 2_000,
    }


def test_a_dated_note_field_must_name_a_date_of_its_note() -> None:
    wrong = DatedNoteField(
        event_type=EventType.offer, field="amount", kind="offer_deadline", label="Amount"
    )
    with pytest.raises(gen.UnsupportedField, match=r"OfferNote\.amount is not a date field"):
        gen.build_schema(dated=[wrong])
    missing = dataclasses.replace(wrong, field="no_such_field")
    with pytest.raises(gen.UnsupportedField, match="no_such_field"):
        gen.build_schema(dated=[missing])


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (bool, "JSON type 'boolean'"),
        (list[str], "JSON type 'array'"),
        (dt.datetime, "string format 'date-time'"),
        (int | str, "union of several types"),
    ],
)
def test_a_field_without_a_widget_fails_loudly(annotation: Any, message: str) -> None:
    model = create_model("Odd", odd=(annotation, ...))
    with pytest.raises(gen.UnsupportedField, match=message):
        gen.field_specs(model)


def test_show_if_must_name_a_field_of_the_same_model() -> None:
    model = create_model(
        "Dangling", x=(str | None, Field(None, json_schema_extra=show_if("missing", "y")))
    )
    with pytest.raises(gen.UnsupportedField, match="'missing'"):
        gen.field_specs(model)


# --- the module as Node loads it ---------------------------------------------------------------


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail("Node 20+ must be on PATH: these tests load the generated module in it")
    return path


def run_module(node: str, source: str, expression: str) -> Any:
    """Evaluate `expression` in the scope of the ES module `source`, JSON-decoded."""
    program = f"{source}\nprocess.stdout.write(JSON.stringify({expression}));\n"
    result = subprocess.run(
        [node, "--input-type=module"],
        input=program,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


DATA_EXPORTS = ", ".join(gen.build_schema())
ALL_EXPORTS = f"{{SCHEMA_VERSION, {DATA_EXPORTS}}}"


@pytest.fixture(scope="module")
def committed_js() -> str:
    source: str = (gen.DEFAULT_OUT_DIR / gen.JS_FILE).read_text(encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def committed_dts() -> str:
    source: str = (gen.DEFAULT_OUT_DIR / gen.DTS_FILE).read_text(encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def committed_json() -> str:
    source: str = (gen.DEFAULT_OUT_DIR / gen.JSON_FILE).read_text(encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def exports(node: str, committed_js: str) -> dict[str, Any]:
    loaded: dict[str, Any] = run_module(node, committed_js, ALL_EXPORTS)
    return loaded


def _unwrap(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of `X | None` (or of `X | "" | None`), keeping the outer keys."""
    if "anyOf" not in prop:
        return prop
    empty = {"type": "string", "const": ""}
    (branch,) = [b for b in prop["anyOf"] if b.get("type") != "null" and b != empty]
    return {**branch, **{k: v for k, v in prop.items() if k != "anyOf"}}


def _assert_matches_json_schema(
    specs: list[dict[str, Any]], model: type[BaseModel], *, skip: frozenset[str] = frozenset()
) -> None:
    schema = model.model_json_schema()
    properties = schema["properties"]
    assert [s["name"] for s in specs] == [p for p in properties if p not in skip], model.__name__
    for spec in specs:
        prop = _unwrap(properties[spec["name"]])
        where = f"{model.__name__}.{spec['name']}"
        assert spec["required"] == (spec["name"] in schema.get("required", [])), where
        assert spec["default"] == prop.get("default"), where
        assert spec["label"] == model.model_fields[spec["name"]].title, where
        assert spec.get("help") == prop.get("description"), where
        assert spec.get("maxLength") == prop.get("maxLength"), where
        assert spec.get("minLength") == prop.get("minLength"), where
        assert (spec["type"] == "url") == (prop.get("format") == "uri"), where
        assert spec.get("minimum") == prop.get("minimum"), where
        assert spec.get("maximum") == prop.get("maximum"), where
        if "enum" in prop:
            assert [o["value"] for o in spec["options"]] == prop["enum"], where
        else:
            assert "options" not in spec, where
        if "showIf" in prop:
            assert {k: spec["showIf"][k] for k in ("field", "equals")} == prop["showIf"], where
        else:
            assert "showIf" not in spec, where


def test_committed_files_are_fresh() -> None:
    files = gen.outputs()
    assert sorted(str(p.relative_to(REPO_ROOT)) for p in files) == [
        "backend/jobtrack/schema_version.py",
        "frontend/src/generated/trackingSchema.d.ts",
        "frontend/src/generated/trackingSchema.js",
        "frontend/src/generated/trackingSchema.json",
    ]
    assert gen.stale_diff(files) == "", "run `make generate`"


def test_node_sees_exactly_what_the_generator_built(exports: dict[str, Any]) -> None:
    schema = gen.build_schema()
    assert exports == {
        "SCHEMA_VERSION": gen.schema_version(schema),
        **json.loads(json.dumps(schema)),
    }


# --- the JSON twin and the version ---------------------------------------------------------------


def test_the_json_holds_the_modules_data(exports: dict[str, Any], committed_json: str) -> None:
    data = json.loads(committed_json)
    assert list(data) == [name for name in exports if name != "SCHEMA_VERSION"]
    assert data == {name: value for name, value in exports.items() if name != "SCHEMA_VERSION"}
    assert data == json.loads(json.dumps(gen.build_schema()))


def test_schema_version_is_the_hash_of_the_json_data(
    exports: dict[str, Any], committed_json: str
) -> None:
    compact = json.dumps(json.loads(committed_json), separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256(compact.encode("utf-8")).hexdigest()[:16]
    assert exports["SCHEMA_VERSION"] == expected
    assert expected == SCHEMA_VERSION  # the API's copy (backend/jobtrack/schema_version.py)
    assert gen.schema_version(gen.build_schema()) == expected


def test_node_computes_the_same_version_from_the_json(
    node: str, committed_js: str, committed_json: str
) -> None:
    source = committed_js + '\nimport { createHash } from "node:crypto";\n'
    text = json.dumps(committed_json)
    expression = (
        "createHash('sha256').update(JSON.stringify(JSON.parse("
        f"{text}))).digest('hex').slice(0, SCHEMA_VERSION.length) === SCHEMA_VERSION"
    )
    assert run_module(node, source, expression) is True


def test_the_version_follows_the_data() -> None:
    schema = gen.build_schema()
    changed = gen.build_schema(resume_max_bytes=RESUME_MAX_BYTES + 1)
    assert gen.schema_version(changed) != gen.schema_version(schema)
    assert re.fullmatch(r"[0-9a-f]{16}", gen.schema_version(schema))
    module = gen.render_version_module(gen.schema_version(changed))
    assert f'SCHEMA_VERSION = "{gen.schema_version(changed)}"' in module
    assert f'SCHEMA_VERSION = "{gen.schema_version(changed)}";' in gen.render(changed)[gen.JS_FILE]


# --- frozen exports, readonly types and doc comments ---------------------------------------------


def test_every_export_is_deeply_frozen_in_node(node: str, committed_js: str) -> None:
    expression = f"""(() => {{
      const thawed = [];
      let objects = 0;
      const walk = (value, path) => {{
        if (value === null || typeof value !== "object") return;
        objects += 1;
        if (!Object.isFrozen(value)) thawed.push(path);
        for (const [key, item] of Object.entries(value)) walk(item, `${{path}}.${{key}}`);
      }};
      for (const [name, value] of Object.entries({ALL_EXPORTS})) walk(value, name);
      const attempts = [
        () => {{ STAGES.push({{}}); }},
        () => {{ STAGES[0].rank = 99; }},
        () => {{ TRANSITIONS.saved = []; }},
        () => {{ STAGE_FIELDS.applied[0].label = "x"; }},
        () => {{ STAGE_FIELDS.applied[1].showIf.equals = "x"; }},
        () => {{ STAGE_FIELDS.applied[0].options.pop(); }},
        () => {{ EVENT_FORMS.interview.location = false; }},
      ];
      const refused = attempts.map((attempt) => {{
        try {{ attempt(); return false; }} catch (err) {{ return err instanceof TypeError; }}
      }});
      return {{ thawed, objects, refused, label: STAGE_FIELDS.applied[0].label }};
    }})()"""
    got = run_module(node, committed_js, expression)
    assert got["thawed"] == []
    assert got["objects"] > 50
    assert got["refused"] == [True] * 7
    assert got["label"] == "How you applied"


def test_the_types_say_readonly_everywhere(committed_dts: str) -> None:
    interfaces = re.findall(r"export interface \w+ \{\n(.*?)\n\}", committed_dts, re.DOTALL)
    assert len(interfaces) == committed_dts.count("export interface ")
    for body in interfaces:
        members = [
            line.strip()
            for line in body.splitlines()
            if line.strip() and not line.strip().startswith("/**")
        ]
        assert members
        for member in members:
            assert member.startswith("readonly "), member
            assert "[]" not in member or ": readonly " in member, member
    constants = re.findall(r"^export declare const (\w+): (.+);$", committed_dts, re.MULTILINE)
    assert [name for name, _ in constants] == ["SCHEMA_VERSION", *gen.build_schema()]
    for name, declared in constants:
        if declared in ("string", "number"):
            continue
        assert declared.startswith(("readonly ", "Readonly<")), name
        assert "[]" not in declared or declared.count("readonly ") == declared.count("[]"), name


def _documented_exports(source: str, pattern: str) -> dict[str, str]:
    """Export name -> the doc comment right above it (empty when there is none)."""
    found: dict[str, str] = {}
    for match in re.finditer(pattern, source, re.MULTILINE):
        before = source[: match.start()]
        doc = re.search(r"/\*\*\n((?: \*.*\n)+) \*/\n$", before)
        found[match.group(1)] = doc.group(1) if doc else ""
    return found


def test_every_export_has_a_doc_comment(committed_js: str, committed_dts: str) -> None:
    names = ["SCHEMA_VERSION", *gen.build_schema(), "isFieldVisible"]
    in_js = _documented_exports(committed_js, r"^export (?:const|function) (\w+)")
    in_dts = _documented_exports(committed_dts, r"^export declare (?:const|function) (\w+)")
    assert list(in_js) == names
    assert list(in_dts) == names
    for name in names:
        assert len(in_js[name]) > 80, name
        assert in_dts[name] == in_js[name], name
    assert "`rank: null`" in in_js["STAGES"].replace("\n * ", " ")
    assert "X-Schema-Version" in in_js["SCHEMA_VERSION"]
    assert "showIf" in in_js["isFieldVisible"]
    assert "maxLength" in in_js["STAGE_FIELDS"]
    assert "`note` last" in in_js["STAGE_FIELDS"].replace("\n * ", " ")
    forms_doc = in_js["EVENT_FORMS"].replace("\n * ", " ")
    assert "every event type takes `event_time` and `location`" in forms_doc
    assert "already has a stored time or location shows that field whatever the flag" in forms_doc
    assert committed_js.index("@file") < committed_js.index("export const")


def test_node_stage_fields_match_the_note_models_json_schema(exports: dict[str, Any]) -> None:
    assert list(exports["STAGE_FIELDS"]) == [e.value for e in EventType]
    for event_type, model in NOTE_MODELS.items():
        _assert_matches_json_schema(exports["STAGE_FIELDS"][event_type.value], model)
    _assert_matches_json_schema(exports["METADATA_FIELDS"], JobNotesIn)


def test_node_job_fields_match_job_create_json_schema(exports: dict[str, Any]) -> None:
    _assert_matches_json_schema(
        exports["JOB_FIELDS"], JobCreate, skip=frozenset({"notes", *OWN_CONTROLS})
    )


def test_node_stages_and_constants_match_the_rules(exports: dict[str, Any]) -> None:
    assert [s["value"] for s in exports["STAGES"]] == [s.value for s in Stage]
    for entry in exports["STAGES"]:
        stage = Stage(entry["value"])
        assert entry["label"] == stages.STAGE_LABELS[stage]
        assert entry["rank"] == stages.RANK.get(stage)
    kinds = {s["value"]: s["kind"] for s in exports["STAGES"]}
    assert kinds["saved"] == "start"
    assert kinds["rejected"] == "rejected"
    assert [v for v, k in kinds.items() if k == "progress"] == exports["PROGRESS_STAGES"]
    assert [v for v, k in kinds.items() if k == "final"] == exports["FINAL_STAGES"]
    assert exports["PROGRESS_STAGES"] == [s.value for s in stages.PROGRESS_STAGES]
    assert exports["FINAL_STAGES"] == [s.value for s in stages.FINAL_STAGES]
    assert exports["EVENT_TYPES"] == [e.value for e in EventType]
    assert exports["REPEATABLE_EVENT_TYPES"] == ["interview"]
    assert exports["RESUME_MAX_BYTES"] == RESUME_MAX_BYTES
    assert exports["STAGE_LABELS"] == {s["value"]: s["label"] for s in exports["STAGES"]}
    assert exports["ENDED_STAGES"] == [s.value for s in Stage if s in stages.ENDED_STAGES]


def test_node_rounds_name_the_numbered_event_and_its_integer_field(
    exports: dict[str, Any],
) -> None:
    rounds = exports["ROUNDS"]
    assert rounds == {
        "event_type": stages.ROUND_EVENT.value,
        "field": stages.ROUND_FIELD,
        "first": stages.next_round(set()),
    }
    (spec,) = [f for f in exports["STAGE_FIELDS"][rounds["event_type"]] if f["name"] == "round"]
    assert (spec["type"], spec["minimum"]) == ("integer", rounds["first"])


def test_node_shortest_histories_are_the_servers(exports: dict[str, Any]) -> None:
    assert exports["SHORTEST_HISTORIES"] == stages.history_table()
    for start, row in exports["SHORTEST_HISTORIES"].items():
        for target, history in row.items():
            stage = start
            for event_type in history:
                assert event_type in exports["TRANSITIONS"][stage], (start, target)
                stage = event_type
            assert stage == target


def test_node_dated_note_fields_are_the_note_models_dates(exports: dict[str, Any]) -> None:
    assert exports["DATED_NOTE_FIELDS"] == [
        {
            "event_type": d.event_type.value,
            "field": d.field,
            "kind": d.kind,
            "label": d.label,
            "open_while": d.open_while.value if d.open_while else None,
        }
        for d in DATED_NOTE_FIELDS
    ]
    for entry in exports["DATED_NOTE_FIELDS"]:
        specs = exports["STAGE_FIELDS"][entry["event_type"]]
        assert [f["type"] for f in specs if f["name"] == entry["field"]] == ["date"]


@pytest.mark.parametrize("stage", list(Stage))
def test_node_transitions_equal_the_servers_rule(exports: dict[str, Any], stage: Stage) -> None:
    assert exports["TRANSITIONS"][stage.value] == stages.transition_table()[stage.value]
    allowed = set(exports["TRANSITIONS"][stage.value])
    for event_type in EventType:
        server_allows = stages.transition_error(stage, event_type) is None
        assert (event_type.value in allowed) == server_allows, (stage, event_type)


def test_is_field_visible_in_node(node: str, committed_js: str) -> None:
    cases = {
        "unset": "{}",
        "referral": '{type: "referral"}',
        "online": '{type: "online"}',
        "explicit_undefined": "{type: undefined}",
        "null_value": "{type: null}",
        "no_values": "null",
    }
    checks = ", ".join(
        f"{name}: [isFieldVisible(referrer, {values}), isFieldVisible(note, {values})]"
        for name, values in cases.items()
    )
    expression = (
        "(() => { const [, referrer] = STAGE_FIELDS.applied; "
        f"const note = STAGE_FIELDS.applied.at(-1); return {{{checks}}}; }})()"
    )
    got = run_module(node, committed_js, expression)
    assert got == {
        "unset": [False, True],  # `type` defaults to "online"
        "referral": [True, True],
        "online": [False, True],
        "explicit_undefined": [False, True],
        "null_value": [False, True],
        "no_values": [False, True],
    }


def test_is_field_visible_uses_the_default_when_it_is_the_trigger(
    node: str, committed_js: str
) -> None:
    field = '{name: "x", showIf: {field: "mode", equals: "on", default: "on"}}'
    got = run_module(
        node,
        committed_js,
        f'[isFieldVisible({field}, {{}}), isFieldVisible({field}, {{mode: "off"}})]',
    )
    assert got == [True, False]


def test_a_field_added_to_a_note_model_reaches_the_module(node: str, tmp_path: Path) -> None:
    extended = create_model(
        "AppliedNoteWithFollowUp",
        __base__=AppliedNote,
        follow_up_days=(
            int | None,
            Field(None, ge=0, le=90, title="Follow up after", description="Days to wait."),
        ),
    )
    schema = gen.build_schema(note_models={**NOTE_MODELS, EventType.applied: extended})
    version_module = tmp_path / "schema_version.py"
    for path, content in gen.outputs(tmp_path, version_module, schema).items():
        path.write_text(content, encoding="utf-8")
    files = gen.render(schema)

    applied = run_module(node, files[gen.JS_FILE], "STAGE_FIELDS.applied")
    assert applied[-1] == {
        "name": "follow_up_days",
        "type": "integer",
        "label": "Follow up after",
        "required": False,
        "default": None,
        "help": "Days to wait.",
        "minimum": 0,
        "maximum": 90,
    }
    assert applied[:-1] == gen.build_schema()["STAGE_FIELDS"]["applied"]
    assert "follow_up_days" not in gen.render()[gen.JS_FILE]  # the real models are untouched
    stale = gen.stale_diff(gen.outputs(tmp_path, version_module))
    assert '-      name: "follow_up_days",' in stale
    assert '-        "name": "follow_up_days",' in stale  # the JSON
    assert f'-SCHEMA_VERSION = "{gen.schema_version(schema)}"' in stale
    assert f'+SCHEMA_VERSION = "{SCHEMA_VERSION}"' in stale


def test_a_field_added_to_job_create_reaches_the_module(node: str) -> None:
    extended = create_model(
        "JobCreateWithSource",
        __base__=JobCreate,
        source=(str | None, Field(None, max_length=100, title="Where you saw it")),
    )
    files = gen.render(gen.build_schema(job_model=extended))
    job_fields = run_module(node, files[gen.JS_FILE], "JOB_FIELDS")
    assert job_fields[-1] == {
        "name": "source",
        "type": "text",
        "label": "Where you saw it",
        "required": False,
        "default": None,
        "maxLength": 100,
    }
    assert job_fields[:-1] == gen.build_schema()["JOB_FIELDS"]
    own = {"notes", *OWN_CONTROLS}
    assert [s["name"] for s in job_fields] == [n for n in extended.model_fields if n not in own]
    assert "Where you saw it" not in gen.render()[gen.JS_FILE]  # the real model is untouched


# --- the command line ----------------------------------------------------------------------------


def _run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO_ROOT,
    )


def test_check_passes_when_fresh_and_fails_with_a_diff_when_stale(tmp_path: Path) -> None:
    out_dir = tmp_path / "generated"
    version_module = tmp_path / "backend" / "schema_version.py"
    targets = ("--out-dir", str(out_dir), "--version-module", str(version_module))
    written = _run_script(*targets)
    assert written.returncode == 0, written.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == [gen.DTS_FILE, gen.JS_FILE, gen.JSON_FILE]
    assert version_module.read_text(encoding="utf-8") == (
        REPO_ROOT / "backend" / "jobtrack" / "schema_version.py"
    ).read_text(encoding="utf-8")
    fresh = _run_script("--check", *targets)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    again = _run_script(*targets)  # nothing to write: the files are left alone
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout

    js = out_dir / gen.JS_FILE
    js.write_text(
        js.read_text(encoding="utf-8").replace(
            "RESUME_MAX_BYTES = 5242880", "RESUME_MAX_BYTES = 1"
        ),
        encoding="utf-8",
    )
    stale = _run_script("--check", *targets)
    assert stale.returncode == 1
    assert f"--- {js} (committed)" in stale.stdout
    assert f"+++ {js} (generated)" in stale.stdout
    assert "-export const RESUME_MAX_BYTES = 1;" in stale.stdout
    assert "+export const RESUME_MAX_BYTES = 5242880;" in stale.stdout
    assert "make generate" in stale.stdout

    assert _run_script(*targets).returncode == 0
    data = out_dir / gen.JSON_FILE
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            '"RESUME_MAX_BYTES": 5242880', '"RESUME_MAX_BYTES": 1'
        ),
        encoding="utf-8",
    )
    stale = _run_script("--check", *targets)
    assert stale.returncode == 1
    assert f"--- {data} (committed)" in stale.stdout
    assert '+  "RESUME_MAX_BYTES": 5242880' in stale.stdout

    assert _run_script(*targets).returncode == 0
    version_module.write_text('SCHEMA_VERSION = "0123456789abcdef"\n', encoding="utf-8")
    stale = _run_script("--check", *targets)
    assert stale.returncode == 1
    assert f"--- {version_module} (committed)" in stale.stdout
    assert f'+SCHEMA_VERSION = "{SCHEMA_VERSION}"' in stale.stdout

    assert _run_script(*targets).returncode == 0
    version_module.unlink()
    assert _run_script("--check", *targets).returncode == 1
    assert _run_script(*targets).returncode == 0
    (out_dir / gen.DTS_FILE).unlink()
    assert _run_script("--check", *targets).returncode == 1


def test_output_is_deterministic_and_headed() -> None:
    first, second = gen.outputs(), gen.outputs()
    assert first == second
    generated = (
        "GENERATED by scripts/generate_tracking_schema.py — do not edit; run `make generate`"
    )
    for path, content in first.items():
        assert content.endswith("\n"), path
        if path.suffix == ".json":  # JSON has no comments: data only
            assert json.loads(content) == json.loads(json.dumps(gen.build_schema()))
        elif path.suffix == ".py":
            assert content.startswith(f"# {generated}\n"), path
        else:
            assert content.startswith(f"// {generated}\n"), path
