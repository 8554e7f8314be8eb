// graphkit view: draws the embedded graph with vis-network, seeded layout, physics off once settled.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hidden = {};
  var view = data.groupFilter
    ? {
        nodes: new vis.DataView(nodes, { filter: function (n) { return !hidden[n[data.groupFilter]]; } }),
        edges: edges
      }
    : { nodes: nodes, edges: edges };
  var container = document.getElementById("network");
  var network = new vis.Network(container, view, data.options);
  var status = document.getElementById("status");

  function settled() {
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-ready", "1");
    status.textContent = "";
  }
  if (data.nodes.length === 0) {
    status.textContent = "没有数据 no data for this view";
    document.body.setAttribute("data-ready", "1");
  } else {
    network.once("stabilizationIterationsDone", settled);
    network.on("stabilizationProgress", function (p) {
      status.textContent = "布局计算中 laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
    });
  }

  // Search: exact name first, then the first name containing the text; select and focus it.
  var search = document.getElementById("search");
  var searchStatus = document.getElementById("search-status");
  function find(text) {
    text = text.trim();
    if (!text) return null;
    var all = nodes.get();
    var exact = all.filter(function (n) { return n.label === text; });
    if (exact.length) return exact[0];
    var partial = all.filter(function (n) { return String(n.label || "").indexOf(text) >= 0; });
    return partial.length ? partial[0] : null;
  }
  function go() {
    var hit = find(search.value);
    if (!hit) {
      searchStatus.textContent = search.value.trim() ? "未找到 not found" : "";
      network.unselectAll();
      return;
    }
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.2, animation: false });
    searchStatus.textContent = hit.label;
    showDetails(hit.id);
  }
  // Details of the selected node, as text (document text is never parsed as HTML).
  var details = document.getElementById("details");
  function showDetails(id) {
    var node = id === undefined ? null : nodes.get(id);
    details.textContent = node ? String(node.title || node.label || "") : "";
  }
  network.on("selectNode", function (e) { showDetails(e.nodes[0]); });
  network.on("deselectNode", function () { showDetails(); });
  search.addEventListener("input", go);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });

  Array.prototype.forEach.call(document.querySelectorAll("input.group-filter"), function (box) {
    box.addEventListener("change", function () {
      hidden[box.value] = !box.checked;
      view.nodes.refresh();
    });
  });

  window.graphkit = { network: network, nodes: nodes, edges: edges, find: find };
})();
