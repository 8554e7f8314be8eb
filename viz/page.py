"""One self-contained HTML page per view: template, escaping, inline vis-network.

Nothing is fetched at view time: vis-network's standalone build (viz/assets, MIT/Apache-2.0,
see assets/LICENSE-vis-network.txt) and the page's own CSS/JS are inlined; graph data is
embedded as JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&``
and U+2028/2029 escaped, so document text can never close the block or run as script.
Tooltips are plain strings (vis-network 9 shows string titles with ``innerText``) and every
other piece of document text goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from graphkit.wording import counted

VIS_VERSION = "9.1.2"

#: Canvas and page fonts: CJK faces first so Chinese labels render with real glyphs.
FONT_STACK = ("'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', "
              "'PingFang SC', 'WenQuanYi Micro Hei', sans-serif")


@dataclass
class LegendItem:
    label: str
    color: str
    shape: str = "dot"  # dot | line
    count: int | None = None


@dataclass
class View:
    """Everything a page shows: vis nodes/edges (plain dicts), legend, notes."""

    kind: str  # workload | reform-spread | plan | agency | reform
    title: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[LegendItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # plain text lines under the title
    group_filter: str | None = None  # node attribute the checkboxes filter on ("group")
    options: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's standalone build, shipped in graphkit.viz/assets."""
    return resources.files("graphkit.viz").joinpath("assets/vis-network.min.js").read_text("utf-8")


@lru_cache(maxsize=1)
def _asset(name: str) -> str:
    return resources.files("graphkit.viz").joinpath(f"assets/{name}").read_text("utf-8")


_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_for_script(value: Any) -> str:
    """JSON safe to place inside ``<script>``: no ``</script>``, ``<!--``, or raw line separators."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).translate(_JSON_ESCAPES)


def esc(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def physics_options(node_count: int, edge_count: int) -> dict[str, Any]:
    """Fixed physics that settles: a seeded layout, bounded stabilisation, then physics off."""
    iterations = 400 if node_count <= 300 else 250
    return {
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 150},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01,
                                 "springLength": 110, "springConstant": 0.06, "damping": 0.6,
                                 "avoidOverlap": 0.4},
            "maxVelocity": 40,
            "minVelocity": 1.0,
            "timestep": 0.4,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": edge_count > 1500,
                        "hideEdgesOnZoom": edge_count > 1500},
        "nodes": {"shape": "dot", "font": {"face": FONT_STACK, "size": 14, "strokeWidth": 3,
                                           "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "color": {"inherit": False}},
    }


def render(view: View) -> str:
    """The complete HTML document of a view."""
    options = physics_options(len(view.nodes), len(view.edges))
    _merge(options, view.options)
    data = {"nodes": view.nodes, "edges": view.edges, "options": options,
            "groupFilter": view.group_filter, "kind": view.kind}
    legend = "".join(_legend_item(item) for item in view.legend)
    notes = "".join(f"<p class='note'>{esc(line)}</p>" for line in view.notes)
    names = sorted({str(n.get("label", "")) for n in view.nodes if n.get("label")})
    datalist = "".join(f"<option value=\"{esc(name)}\"></option>" for name in names)
    filters = ""
    if view.group_filter:
        groups = [item for item in view.legend if item.shape == "dot"]
        filters = "".join(
            f"<label><input type='checkbox' class='group-filter' checked value=\"{esc(item.label)}\"> "
            f"{esc(item.label)}</label>" for item in groups)
        filters = f"<div id='filters'><b>显示 Show</b>{filters}</div>"
    return _TEMPLATE.format(
        title=esc(view.title),
        font=FONT_STACK,
        css=_asset("view.css"),
        vis=vis_network_js(),
        app=_asset("view.js"),
        data=json_for_script(data),
        legend=legend,
        notes=notes,
        datalist=datalist,
        filters=filters,
        counts=f"{counted(len(view.nodes), 'node')} · {counted(len(view.edges), 'edge')}",
        kind=esc(view.kind),
    )


def _legend_item(item: LegendItem) -> str:
    swatch = "line" if item.shape == "line" else "dot"
    count = f" <span class='count'>({item.count})</span>" if item.count is not None else ""
    return (f"<li><span class='swatch {swatch}' style=\"background:{esc(item.color)}\"></span>"
            f"{esc(item.label)}{count}</li>")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'">
<title>{title}</title>
<style>body{{font-family:{font};}}
{css}</style>
</head>
<body data-view="{kind}">
<header>
<h1>{title}</h1>
{notes}
</header>
<main>
<aside id="side">
<div id="searchbox"><label for="search">搜索 Search</label>
<input id="search" type="search" list="names" autocomplete="off" placeholder="输入名称 type a name">
<datalist id="names">{datalist}</datalist>
<div id="search-status" aria-live="polite"></div></div>
<div id="legend"><b>图例 Legend</b><ul>{legend}</ul><p class="count">{counts}</p></div>
<div id="details" aria-live="polite"></div>
{filters}
<div id="status">布局计算中 laying out…</div>
</aside>
<div id="network"></div>
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>{vis}</script>
<script>{app}</script>
</body>
</html>
"""
