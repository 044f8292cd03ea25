"""Reading a posting out of a page: JSON-LD, then the sites' own data, then microdata, then meta.

Pure: the page is parsed once by lexbor (selectolax), never searched with regular expressions.
The budget: at most `MAX_BLOCKS` JSON blocks and `MAX_PROPS` microdata properties are read,
JSON nested deeper than Python's recursion limit is skipped, and descriptions are cut before
they are sanitised, so a hostile page costs about what its parse costs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobtrack.capture import budget, fields, sites
from jobtrack.capture.fields import Fields
from jobtrack.tracking.posting import canonical_job_url

MAX_BLOCKS: Final = 50
MAX_PROPS: Final = 500
MAX_WALK: Final = 10_000
FIELD_NAMES: Final = (
    "company",
    "title",
    "job_url",
    "location",
    "remote",
    "employment_type",
    "salary",
    "date_posted",
    "valid_through",
    "description_html",
    "description_text",
    "source",
)


def read_posting(url: str, page: str) -> dict[str, Any]:
    """The posting in `page` (any field null when not found); `job_url` is `url`'s canonical form."""
    tree = budget.parse(page)
    found, source = _first_with_title(tree)
    posting: dict[str, Any] = dict.fromkeys(FIELD_NAMES)
    posting.update(found)
    posting["job_url"] = canonical_job_url(url)
    posting["source"] = source
    return posting


def _first_with_title(tree: LexborHTMLParser) -> tuple[Fields, str]:
    readers = (
        (_json_ld, "json-ld"),
        (sites.greenhouse, "json-ld"),
        (_microdata, "microdata"),
        (sites.linkedin, "microdata"),
        (_meta, "meta"),
    )
    for reader, source in readers:
        found = reader(tree)
        if found and found.get("title"):
            return found, source
    return {}, "none"


def _is_job_posting(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and kind.rsplit("/", 1)[-1] == "JobPosting" for kind in kinds)


def _walk(value: Any) -> Iterator[Any]:
    """Every object in a JSON value, breadth first, at most `MAX_WALK` of them."""
    queue = [value]
    for count, item in enumerate(queue):
        if count >= MAX_WALK:
            return
        yield item
        if isinstance(item, dict):
            queue.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            queue.extend(v for v in item if isinstance(v, (dict, list)))


def load_json(text: str) -> Any:
    """Parsed JSON, or None for text that is not JSON (or nested too deeply to parse)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _json_ld(tree: LexborHTMLParser) -> Fields | None:
    blocks = (
        script
        for script in tree.css("script")
        if (script.attributes.get("type") or "").split(";")[0].strip().lower()
        == "application/ld+json"
    )
    for _, script in zip(range(MAX_BLOCKS), blocks, strict=False):
        data = load_json(script.text(deep=True) or "")
        posting = next((item for item in _walk(data) if _is_job_posting(item)), None)
        if posting is not None:
            return fields.from_job_posting(posting)
    return None


def _microdata(tree: LexborHTMLParser) -> Fields | None:
    for root in tree.css("[itemscope][itemtype]")[:MAX_BLOCKS]:
        if (root.attributes.get("itemtype") or "").rstrip("/").endswith("schema.org/JobPosting"):
            return fields.from_job_posting(_item(root))
    return None


def _item(root: LexborNode) -> dict[str, Any]:
    """A microdata item as a dict: each property's value, nested items as dicts of their own."""
    items: dict[int, dict[str, Any]] = {root.mem_id: {}}
    for node in root.css("[itemprop]")[:MAX_PROPS]:
        owner = _owner(node, root)
        if owner is None or owner.mem_id not in items:
            continue
        value: Any
        if "itemscope" in node.attributes:
            value = items.setdefault(node.mem_id, {})
        else:
            value = _prop_value(node)
        for prop in (node.attributes.get("itemprop") or "").split():
            items[owner.mem_id].setdefault(prop, value)
    return items[root.mem_id]


def _owner(node: LexborNode, root: LexborNode) -> LexborNode | None:
    """The nearest item around `node` (an ancestor with `itemscope`), within a few levels."""
    parent = node.parent
    for _ in range(64):
        if parent is None:
            return None
        if parent.mem_id == root.mem_id or "itemscope" in parent.attributes:
            return parent
        parent = parent.parent
    return None


def _prop_value(node: LexborNode) -> str | None:
    attributes = node.attributes
    for attribute in ("content", "datetime", "href", "src", "value"):
        if attributes.get(attribute):
            return attributes[attribute]
    if node.tag != "meta" and (node.attributes.get("itemprop") or "") == "description":
        return sites.inner_html(node)
    return node.text(deep=True)


def _meta(tree: LexborHTMLParser) -> Fields | None:
    metas: dict[str, str] = {}
    for node in tree.css("meta[content]")[:MAX_PROPS]:
        key = node.attributes.get("property") or node.attributes.get("name") or ""
        metas.setdefault(key.lower(), node.attributes.get("content") or "")
    title_node = tree.css_first("title")
    title = metas.get("og:title") or (title_node.text(deep=True) if title_node else None)
    return {
        "title": fields.name(title),
        "company": fields.name(metas.get("og:site_name")),
        **fields.description(metas.get("og:description") or metas.get("description")),
    }
