// Pagefind as the search page's Pagefind UI loads it (its bundlePath is this folder): Pagefind's
// own module, from the shared pages' bundle, with the pages the search page names in
// data-hidden left out of every search's results.  Those are the copies, still in the bundle of
// all budgets, of the budgets changed since it was indexed: their pages as they are now are in
// the bundle of changed budgets (generator/build/search.py).  A copy whose page did not change
// for search has the same id in both bundles and is found twice: one of the two is dropped.
import * as pagefind from "../../pagefind/pagefind.js";

var el = document.getElementById("search");
var hidden = new Set(((el && el.getAttribute("data-hidden")) || "").split(" ").filter(Boolean));

function kept(response) {
  if (!response || !Array.isArray(response.results) || !hidden.size) return response;
  var dropped = new Set();
  response.results = response.results.filter(function (r) {
    if (!hidden.has(r.id) || dropped.has(r.id)) return true;
    dropped.add(r.id);
    return false;
  });
  return response;
}

export var options = pagefind.options;
export var init = pagefind.init;
export var mergeIndex = pagefind.mergeIndex;
export var filters = pagefind.filters;
export var preload = pagefind.preload;
export var destroy = pagefind.destroy;
export var createInstance = pagefind.createInstance;
export async function search(term, opts) { return kept(await pagefind.search(term, opts)); }
export async function debouncedSearch(term, opts, ms) { return kept(await pagefind.debouncedSearch(term, opts, ms)); }
