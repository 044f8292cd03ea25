"""Docs that cannot drift: every repository path, Python symbol, make target and npm script a
Markdown file names must exist.

Every `*.md` of the repository is read (dependencies and build output excepted). What counts as
a reference, and how it resolves:

- **Links** `[text](target#anchor)`: the target relative to the doc; an anchor into a Markdown
  file must be one of its headings (GitHub's slugs).
- **Paths**, in code spans, fenced blocks and plain prose: a token with a `/` whose first part is
  a folder or file of the repository root, `frontend/`, `frontend/src/`, `backend/` or
  `backend/jobtrack/` (or `./`, `../`), or any token ending in a source extension (`.py`, `.ts`,
  `.md`, ...). It resolves against the repository root, the doc's folder, `frontend/`,
  `frontend/src/`, `backend/` and `backend/jobtrack/`; a bare file name (`stages.py`) must be a
  file somewhere in the repository. `{a,b}` is expanded, `*` must match something, and
  `file.py::name` must define `name`. Build output and dependencies (`.venv/`, `dist/`,
  `node_modules/`, ...) are not checked.
- **Python symbols**, in code spans: a dotted name whose first part is a `jobtrack` module
  (`tracking.queries.owned_job`, `platform.db.session.after_commit`,
  `jobtrack.platform.errors.NotFound`), with or without a call: the module must exist and
  define each attribute (by reading its source: no import), and a call's keyword arguments must
  be parameters. `name` in `path.py`,
  `path.py` `name` and `path.py`'s `name` must be defined in that file (a `.ts` file must
  contain the word).
- **make targets** (`make a b VAR=1`) must be in `make help`'s list; **npm scripts**
  (`npm run x`) in a `package.json` of the repository.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.make_help import helped_targets, make_help

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = REPO_ROOT / "backend" / "jobtrack"

# Not ours, or not in git: never read, and never a reference target.
SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "dist",
    "artifacts",
    ".data",
    ".serverless",
    ".serverless-prod",  # make package STAGE=prod (make test-package builds it)
    "venv",  # tools/checkov/venv (make checkov-deps)
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
}
SOURCE_EXTENSIONS = (
    ".py",
    ".pyi",
    ".ts",
    ".tsx",
    ".js",
    ".jsx",
    ".mjs",
    ".cjs",
    ".md",
    ".json",
    ".toml",
    ".yml",
    ".yaml",
    ".mk",
    ".css",
    ".html",
    ".ini",
    ".txt",
    ".sh",
    ".pem",
    ".mako",
)
MODULE_EXTENSIONS = (".py", ".ts", ".tsx", ".js", ".mjs", ".jsx")
PATH_CHARS = re.compile(r"^[\w.@/{},*+-]+$")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
LINK = re.compile(r"\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
PROSE_PATH = re.compile(r"(?<![\w/.@-])((?:\.\.?/)?[\w.-]+/[\w./{},*-]*[\w}/*])")
DOTTED = re.compile(r"^(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\((?P<args>.*)\))?$", re.S)
IDENT = re.compile(r"^(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?:\(\))?$")
# `path.py` `name`, `path.py`'s `name`, and `name` in `path.py`.
FILE_THEN_NAME = re.compile(r"`([\w./-]+\.(?:py|tsx?|m?js))`(?:'s)?\s*`([^`\s]+)`")
NAME_IN_FILE = re.compile(r"`([^`\s]+)`\s+in\s+`([\w./-]+\.(?:py|tsx?|m?js))`")
MAKE_CALL = re.compile(r"(?:^|[\s;&|(`])make\s+(.*)")
NPM_RUN = re.compile(r"\bnpm run(?:\s+--prefix\s+(\S+))?\s+([\w:.-]+)")
MAKE_TARGET = re.compile(r"^[a-z][\w.-]*$")
HAS_MAKE = shutil.which("make") is not None  # without GNU make, make targets go unchecked
# Names a doc may give that are not files of the repository, and why.
NOT_IN_REPO = {
    "config.json": "the page's runtime config, written next to index.html at deploy time",
    "global-bundle.pem": "AWS's RDS CA bundle, downloaded by the command that names it",
    "NNNN-short-name.md": "the pattern of a decision record's file name",
    "cloudformation-template-create-stack.json": "osls's core template, written by make package",
    "import-template.json": "written by make reattach next to the compiled template",
    "resources-to-import.json": "written by make reattach next to the compiled template",
}
EXTENSION_PARTS = {e.lstrip(".") for e in SOURCE_EXTENSIONS} | {"d"}


@dataclass(frozen=True)
class Doc:
    path: Path
    text: str

    @property
    def name(self) -> str:
        try:
            return str(self.path.relative_to(REPO_ROOT))
        except ValueError:
            return str(self.path)


def markdown_files(root: Path = REPO_ROOT) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        found += [Path(folder) / f for f in sorted(files) if f.endswith(".md")]
    return found


@functools.cache
def repo_basenames() -> frozenset[str]:
    names: set[str] = set()
    for _folder, dirs, files in os.walk(REPO_ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        names.update(files)
    return frozenset(names)


BASES = [
    REPO_ROOT,
    REPO_ROOT / "frontend",
    REPO_ROOT / "frontend" / "src",
    REPO_ROOT / "backend",
    PACKAGE,
]


@functools.cache
def path_roots() -> frozenset[str]:
    """First parts that make a token with a `/` a path: the entries of every base folder."""
    return frozenset(
        entry.name
        for base in BASES
        for entry in base.iterdir()
        if entry.name not in SKIP_DIRS and not entry.name.startswith(".git")
    )


def split_markdown(text: str) -> tuple[str, list[str]]:
    """The prose (fenced blocks blanked, so line numbers stay) and the fenced blocks' lines."""
    prose: list[str] = []
    fenced: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            prose.append("")
        elif in_fence:
            fenced.append(line)
            prose.append("")
        else:
            prose.append(line)
    return "\n".join(prose), fenced


def expand_braces(token: str) -> list[str]:
    match = re.search(r"\{([^{}]*)\}", token)
    if not match or "," not in match[1]:
        return [token]
    head, tail = token[: match.start()], token[match.end() :]
    return [t for part in match[1].split(",") for t in expand_braces(head + part + tail)]


def ignored_target(path: Path) -> bool:
    return any(part in SKIP_DIRS for part in path.parts)


def resolve(token: str, doc_dir: Path) -> Path | None:
    """Where a path names, or None when it names nothing in the repository."""
    bases = [doc_dir, *BASES]
    for base in bases:
        candidate = base / token.rstrip("/")
        if "*" in token:
            if any(base.glob(token.rstrip("/"))):
                return candidate
            continue
        if candidate.exists():
            return candidate
        if not Path(token).suffix and not token.endswith("/"):
            for ext in MODULE_EXTENSIONS:
                if candidate.with_name(candidate.name + ext).exists():
                    return candidate.with_name(candidate.name + ext)
    return None


def is_path_token(token: str) -> bool:
    if not token or not PATH_CHARS.match(token) or token.startswith(("/", "-", "@")):
        return False
    if "..." in token or "//" in token or token in NOT_IN_REPO:
        return False  # a placeholder (`resumes/...`), a URL's tail, or a name listed above
    if "/" in token:
        first = token.split("/", 1)[0]
        return first in {".", ".."} or first in path_roots() or token.endswith(SOURCE_EXTENSIONS)
    if "*" in token or set(token.strip(".").split(".")) <= EXTENSION_PARTS:
        return False  # a build output's pattern (`index-*.js`) or an extension (`.d.ts`)
    return token.endswith(SOURCE_EXTENSIONS)


def check_path(token: str, doc: Doc) -> list[str]:
    token = token.strip("\"'()[],;:")
    token, _, test_name = token.partition("::")
    if not is_path_token(token):
        return []
    problems: list[str] = []
    for one in expand_braces(token):
        if Path(one.split("/", 1)[0]).name in SKIP_DIRS or ignored_target(Path(one)):
            continue
        if "/" not in one:
            if one not in repo_basenames():
                problems.append(f"{doc.name}: no file named `{one}` in the repository")
            continue
        found = resolve(one, doc.path.parent)
        if found is None:
            problems.append(f"{doc.name}: `{one}` does not exist")
        elif test_name and found.suffix == ".py" and not defines(found, test_name):
            problems.append(f"{doc.name}: `{one}` defines no `{test_name}`")
    return problems


# --- Python symbols, read from source -------------------------------------------------------


@functools.cache
def jobtrack_modules() -> dict[str, Path]:
    """`tracking.service` -> its file, for every module and package under backend/jobtrack."""
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            modules[".".join(parts)] = path
    return modules


@functools.cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _bound_names(body: list[ast.stmt]) -> dict[str, ast.AST]:
    """The names a module or class body binds (defs, classes, assignments, imports)."""
    names: dict[str, ast.AST] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        names[name.id] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = node
        elif isinstance(node, ast.If | ast.Try):
            names.update(_bound_names(node.body))
            for handler in getattr(node, "handlers", []):
                names.update(_bound_names(handler.body))
            names.update(_bound_names(node.orelse))
    return names


def defines(path: Path, name: str) -> bool:
    """`name` (or `Class.attr`, `Class::method`) is bound in the file."""
    if path.suffix != ".py":
        return re.search(rf"\b{re.escape(name.split('.')[0])}\b", path.read_text()) is not None
    body = parsed(path).body
    for part in re.split(r"::|\.", name):
        node = _bound_names(body).get(part)
        if node is None:
            return False
        body = node.body if isinstance(node, ast.ClassDef) else []
    return True


def _function(path: Path, attrs: list[str]) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    body = parsed(path).body
    node: ast.AST | None = None
    for attr in attrs:
        node = _bound_names(body).get(attr)
        body = node.body if isinstance(node, ast.ClassDef) else []
    return node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else None


# First parts of dotted spans that name an API field, not a module (`notes.resume_filename`).
API_FIELDS = {"notes"}


def check_symbol(span: str, doc: Doc) -> list[str]:
    match = DOTTED.match(span.strip())
    if not match or match["name"].endswith(SOURCE_EXTENSIONS):
        return []
    parts = match["name"].split(".")
    modules = jobtrack_modules()
    if parts[0] == "jobtrack":
        prefixes = [""]
        parts = parts[1:]
    elif parts[0] in {m.split(".")[0] for m in modules}:
        prefixes = [""]  # `tracking.queries.owned_job`, `platform.db.session.after_commit`
    elif parts[0] in API_FIELDS:
        return []
    else:  # a submodule by its own name: `serialize.page_json`, `service.list_jobs_json`
        prefixes = [m[: -len(parts[0])] for m in modules if m.split(".")[-1] == parts[0]]
    if not parts or not prefixes:
        return []
    problems = [_resolve_symbol(span, prefix, parts, match["args"], doc) for prefix in prefixes]
    if all(problems):
        return [problems[0] if len(problems) == 1 else f"{doc.name}: `{span}` resolves nowhere"]
    return []


def _resolve_symbol(span: str, prefix: str, parts: list[str], args: str | None, doc: Doc) -> str:
    """A problem with `prefix + parts` as a module and attributes, or "" when it resolves."""
    modules = jobtrack_modules()
    dotted = (prefix + ".".join(parts)).split(".")
    for cut in range(len(dotted), 0, -1):
        module = ".".join(dotted[:cut])
        if module in modules:
            break
    else:
        return f"{doc.name}: `{span}`: no module jobtrack.{dotted[0]}"
    path, attrs = modules[module], dotted[cut:]
    if attrs and not defines(path, ".".join(attrs)):
        where = path.relative_to(REPO_ROOT)
        return f"{doc.name}: `{span}`: {where} defines no `{'.'.join(attrs)}`"
    if args is not None and attrs:
        function = _function(path, attrs)
        if function is not None:
            params = {a.arg for a in [*function.args.args, *function.args.kwonlyargs]}
            for keyword in re.findall(r"(?:^|[,(]\s*)(\w+)=", args):
                if keyword not in params and function.args.kwarg is None:
                    return f"{doc.name}: `{span}`: `{attrs[-1]}` takes no `{keyword}`"
    return ""


def check_named_in_file(text: str, doc: Doc) -> list[str]:
    problems: list[str] = []
    pairs = [(f, n) for f, n in FILE_THEN_NAME.findall(text)]
    pairs += [(f, n) for n, f in NAME_IN_FILE.findall(text)]
    for file, name in pairs:
        ident = IDENT.match(name)
        found = resolve(file, doc.path.parent)
        if ident is None or found is None or not found.is_file():
            continue  # not a name, or a path problem reported on its own
        if not defines(found, ident["name"]):
            problems.append(f"{doc.name}: `{file}` defines no `{ident['name']}`")
    return problems


# --- make targets and npm scripts -----------------------------------------------------------


@functools.cache
def make_targets() -> frozenset[str]:
    return frozenset(helped_targets(make_help()))


@functools.cache
def npm_scripts(prefix: str | None) -> frozenset[str]:
    files = (
        [REPO_ROOT / prefix / "package.json"]
        if prefix
        else [p for p in REPO_ROOT.glob("**/package.json") if not ignored_target(p)]
    )
    return frozenset(
        name for f in files if f.exists() for name in json.loads(f.read_text()).get("scripts", {})
    )


def check_commands(code: str, doc: Doc) -> list[str]:
    problems: list[str] = []
    for line in code.splitlines():
        command, _, comment = line.partition(" #")
        # In a comment, `make x` is followed by prose: only its first word is a target.
        calls = [(m[1].split(), 99) for m in MAKE_CALL.finditer(command)]
        calls += [(m[1].split(), 1) for m in MAKE_CALL.finditer(comment)]
        for words, most in calls if HAS_MAKE else []:
            for word in words[:most]:
                if "=" in word or word.startswith("-"):
                    continue
                word = word.rstrip(",.:;)`")
                if not MAKE_TARGET.match(word):
                    break
                if word not in make_targets():
                    problems.append(f"{doc.name}: `make {word}` is not a target (make help)")
        for prefix, script in NPM_RUN.findall(command):
            if script not in npm_scripts(prefix or None):
                problems.append(f"{doc.name}: `npm run {script}` is not a package.json script")
    return problems


# --- links and anchors ----------------------------------------------------------------------


def slug(heading: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@functools.cache
def anchors(path: Path) -> frozenset[str]:
    prose, _ = split_markdown(path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    found: set[str] = set()
    for line in prose.splitlines():
        if m := re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line):
            base = slug(m[1])
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    return frozenset(found)


def check_link(target: str, doc: Doc) -> list[str]:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
        return []
    file, _, anchor = target.partition("#")
    path = (doc.path.parent / file).resolve() if file else doc.path
    if file and not path.exists():
        return [f"{doc.name}: link to `{target}`: `{file}` does not exist"]
    if anchor and path.suffix == ".md" and anchor not in anchors(path):
        return [f"{doc.name}: link to `{target}`: no heading `#{anchor}` in {path.name}"]
    return []


# --- one doc --------------------------------------------------------------------------------


def spans(prose: str) -> Iterator[str]:
    for match in CODE_SPAN.finditer(prose):
        yield match[2].strip()


def problems_in(doc: Doc) -> list[str]:
    prose, fenced = split_markdown(doc.text)
    problems: list[str] = []
    for target in LINK.findall(prose):
        problems += check_link(target, doc)
    code = [*spans(prose), *fenced]
    for piece in code:
        for word in piece.split():
            problems += check_path(word, doc)
    for span in spans(prose):
        problems += check_symbol(span, doc)
    problems += check_named_in_file(prose, doc)
    problems += check_commands("\n".join(code), doc)
    plain = LINK.sub(" ", CODE_SPAN.sub(" ", prose))
    for token in PROSE_PATH.findall(plain):
        if token.split("/", 1)[0] in path_roots() - {"lib", "model", "test"}:
            problems += check_path(token.rstrip("."), doc)
    return sorted(set(problems), key=problems.index)


# --- the tests ------------------------------------------------------------------------------

DOCS = markdown_files()


def test_the_docs_are_found() -> None:
    names = {str(p.relative_to(REPO_ROOT)) for p in DOCS}
    assert {"README.md", "CONTRIBUTING.md", "frontend/README.md", "docs/api.md"} <= names
    assert not [n for n in names if "node_modules" in n]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_path_symbol_and_command_a_doc_names_exists(path: Path) -> None:
    problems = problems_in(Doc(path, path.read_text(encoding="utf-8")))
    assert not problems, "stale references:\n" + "\n".join(problems)


# The self-tests name only what other changes are least likely to move: the stage rules, the
# note models, the generated schema and the docs themselves.


def test_a_doc_naming_what_does_not_exist_fails() -> None:
    fake = Doc(
        REPO_ROOT / "docs" / "fake.md",
        "\n".join(
            [
                "See `frontend/src/features/track/components/ProgressStepper.jsx`,",
                "`backend/jobtrack/tracking/stages.py::no_such_test`, `NoSuchFile.tsx`,",
                "`tracking.stages.no_such_function`, `jobtrack.no_such_module`,",
                "`stages.no_such_rule`, `service.no_such_service`,",
                "`tracking.notes.show_if(field, equals, when=1)`, `no_such_helper` in",
                "`tracking/stages.py`, `noSuchExport` in `generated/trackingSchema.js`,",
                "[a link](no-such.md), [an anchor](../README.md#nowhere),",
                "and docs/no-such-page.md in prose.",
                "```sh",
                "make no-such-target && cd frontend && npm run no:such:script",
                "npx vitest run src/features/track/model/formModel.test.js",
                "```",
            ]
        ),
    )
    problems = "\n".join(problems_in(fake))
    for expected in [
        "ProgressStepper.jsx",
        "no_such_test",
        "NoSuchFile.tsx",
        "no_such_function",
        "jobtrack.no_such_module",
        "stages.no_such_rule",
        "service.no_such_service",
        "takes no `when`",
        "no `no_such_helper`",
        "no `noSuchExport`",
        "no-such.md",
        "#nowhere",
        "docs/no-such-page.md",
        *(["make no-such-target"] if HAS_MAKE else []),
        "npm run no:such:script",
        "formModel.test.js",
    ]:
        assert expected in problems, f"not caught: {expected}\n{problems}"


def test_a_doc_naming_what_exists_passes() -> None:
    real = Doc(
        REPO_ROOT / "docs" / "fake.md",
        "\n".join(
            [
                "`backend/jobtrack/tracking/stages.py`, `tracking/notes.py`, `stages.py`,",
                "`tracking.notes.show_if(field=..., equals=...)`, `jobtrack.tracking.stages.Stage`,",
                "`tracking.stages.transition_error`, `stages.stage_after`, `notes.resume_filename`,",
                "`NoteBase` in `tracking/notes.py`, `isFieldVisible` in `generated/trackingSchema.js`,",
                "[api](api.md#basics), `application/pdf`, `/api/tracked`, `pyproject.toml`,",
                "`.venv/bin/pytest`, `frontend/dist/`, `make help`, `make dev PORT=9000`.",
            ]
        ),
    )
    assert problems_in(real) == []
