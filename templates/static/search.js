// Pagefind UI on the search page.  Pagefind loads its bundle with import(), which resolves a
// relative path against Pagefind's own script, not against this page: every path handed to it
// is made absolute here, from this page's own address, so search works at the root of a site
// and under any sub-path (https://user.github.io/repo/).  Result URLs are stored from the
// site's root, so the root is also the base of every result.
(function () {
  var el = document.getElementById("search");
  if (!el) return;
  if (location.protocol === "file:") {
    // A page opened from disk may not fetch the index (the browser forbids it): say so.
    var note = document.createElement("p");
    note.className = "note search-file";
    note.textContent = el.getAttribute("data-file-note");
    el.appendChild(note);
    return;
  }
  if (typeof PagefindUI === "undefined") return;
  var bundle = new URL(el.getAttribute("data-bundle"), location.href);
  var root = new URL("../", bundle);
  // Budgets' pages are indexed in further bundles (pagefind-budgets/…), merged into one search
  // here; Pagefind gives a merged bundle none of the main one's options: each gets the ranking.
  // Each bundle's entry file is fetched with its tag (metaCacheTag: a part of the bundle's key,
  // set by the build), so it is cached until the bundle changes, instead of with the time
  // (Pagefind's own default, for a bundle without a tag: "-").
  var ranking = JSON.parse(el.getAttribute("data-ranking") || "{}");
  var merged = (el.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  var merge = [];
  for (var i = 0; i + 1 < merged.length; i += 2) {
    var tag = merged[i + 1] === "-" ? null : merged[i + 1];
    merge.push({ bundlePath: new URL(merged[i], root).href, metaCacheTag: tag, ranking: ranking });
  }
  new PagefindUI({
    element: "#search",
    // Pagefind itself is loaded from static/search/pagefind.js, which leaves the hidden pages out.
    bundlePath: new URL(el.getAttribute("data-pagefind"), location.href).href,
    baseUrl: root.pathname,
    mergeIndex: merge,
    metaCacheTag: el.getAttribute("data-tag") || null,
    ranking: ranking,
    showSubResults: true,
    showImages: false,
    translations: { placeholder: el.getAttribute("data-placeholder") }
  });
  // A visible label for the search box (Pagefind gives it only a placeholder).
  var box = el.querySelector("input");
  if (box) { box.id = "search-input"; box.setAttribute("aria-labelledby", "search-label"); }
  var q = new URLSearchParams(location.search).get("q");
  if (q && box) { box.value = q; box.dispatchEvent(new Event("input")); }
})();
