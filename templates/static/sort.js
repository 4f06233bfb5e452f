// Sortable tables: a header cell with data-sort gets a button; the table reads fine without it
// (and the hint that says so shows only here, where sorting works).  An empty cell (a figure the
// budget does not state) sorts last either way, never as 0.
(function () {
  document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; });
  function key(cell) {
    var v = cell.getAttribute("data-value");
    return (v === null ? cell.textContent : v).trim();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th[data-sort]");
    heads.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.getAttribute("data-sort") === "number";
        var lang = document.documentElement.lang;
        rows.sort(function (a, b) {
          var p = key(a.cells[col]), q = key(b.cells[col]);
          if (p === "" || q === "") return (p === "") - (q === "");  // empty last, in both directions
          var r = numeric ? parseFloat(p) - parseFloat(q) : p.localeCompare(q, lang);
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
