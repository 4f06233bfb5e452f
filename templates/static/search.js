// Pagefind UI.  Result URLs are stored from the site root; the base is found from this page's
// own address, so search works at any sub-path (it needs http(s), not file://).
(function () {
  var el = document.getElementById("search");
  if (!el || typeof PagefindUI === "undefined") return;
  var bundle = el.getAttribute("data-bundle");
  var base = new URL(bundle + "../", location.href).pathname;
  // Budgets' pages are indexed in shards (pagefind-budgets/…), merged into one search here.
  var merge = (el.getAttribute("data-merge") || "").split(" ").filter(Boolean).map(function (p) {
    return { bundlePath: new URL(bundle + "../" + p, location.href).pathname };
  });
  new PagefindUI({
    element: "#search",
    bundlePath: bundle,
    baseUrl: base,
    mergeIndex: merge,
    showSubResults: true,
    showImages: false,
    translations: { placeholder: el.getAttribute("data-placeholder") }
  });
  // A visible label for the search box (Pagefind gives it only a placeholder).
  var box = el.querySelector("input");
  if (box) { box.id = "search-input"; box.setAttribute("aria-labelledby", "search-label"); }
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    var input = el.querySelector("input");
    if (input) { input.value = q; input.dispatchEvent(new Event("input")); }
  }
})();
