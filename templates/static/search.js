// The search page: the reader's query asked of the name index first (the budgets whose names
// hold it, shown in the order of their names: generator/site/names.py writes the index and says
// its layout; the functions here are that module's, line for line), then of Pagefind UI over
// the shared pages' text (glossary, about, lists, compare).  Every path is made absolute from this page's own
// address, so search works at the root of a site and under any sub-path
// (https://user.github.io/repo/).  Names are data: they are put in the page as text, never as markup.
(function () {
  var box = document.getElementById("search-input");
  var el = document.getElementById("search");
  var sec = document.getElementById("names");
  if (!el || !box || !sec) return;
  if (location.protocol === "file:") {
    // A page opened from disk may not fetch the index (the browser forbids it): say so.
    var note = document.createElement("p");
    note.className = "note search-file";
    note.textContent = el.getAttribute("data-file-note");
    el.appendChild(note);
    box.disabled = true;
    return;
  }
  var bundle = new URL(el.getAttribute("data-bundle"), location.href);
  var root = new URL("../", bundle); // the site's root: result addresses are stored from it
  var names = nameSearch(sec, root);
  var pages = pagefind(el, root);
  var timer = null;
  function ask(now) {
    clearTimeout(timer);
    var q = box.value;
    timer = setTimeout(function () {
      names(q);
      if (pages) pages.triggerSearch(q);
    }, now ? 0 : 150);
  }
  box.addEventListener("input", function () { ask(false); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { box.value = q; ask(true); }
})();

// Pagefind UI over the shared pages (a budget's page is not in its index: the name index finds
// budgets), its own search box hidden: the page's box drives it.  The bundle's entry file is
// fetched with its tag (metaCacheTag: a part of the bundle's key, set by the build), so it is
// cached until the bundle changes.
function pagefind(el, root) {
  if (typeof PagefindUI === "undefined") return null;
  return new PagefindUI({
    element: "#search",
    bundlePath: new URL(el.getAttribute("data-bundle"), location.href).href,
    baseUrl: root.pathname,
    metaCacheTag: el.getAttribute("data-tag") || null,
    ranking: JSON.parse(el.getAttribute("data-ranking") || "{}"),
    showSubResults: true,
    showImages: false
  });
}

// The name index (generator/site/names.py): tokens, keys, the key's shard, whether a name holds
// the query, as that module does them.
var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
var JOIN = new RegExp("(?<=[" + HAN + "])[^\\p{L}\\p{N}_\\s]+(?=[" + HAN + "])", "gu");
var TOKEN = new RegExp("[" + HAN + "]+|(?:(?![" + HAN + "])[\\p{L}\\p{N}])+", "gu");
var IS_HAN = new RegExp("^[" + HAN + "]");

function tokens(text) { return text.toLowerCase().replace(JOIN, "").match(TOKEN) || []; }

function queryKeys(query, prefix) {
  var out = [];
  tokens(query).forEach(function (t) {
    var found = [];
    if (!IS_HAN.test(t)) found = [Array.from(t).slice(0, prefix).join("")];
    else if (t.length === 1) found = [t];
    else {
      for (var i = 0; i + 1 < t.length; i += 2) found.push(t.slice(i, i + 2));
      found.push(t.slice(t.length - 2));
    }
    found.forEach(function (k) { if (out.indexOf(k) < 0) out.push(k); });
  });
  return out;
}

function holds(name, query) {
  var words = tokens(name), qs = tokens(query);
  return qs.length > 0 && qs.every(function (q) {
    return words.some(function (w) { return IS_HAN.test(q) ? w.indexOf(q) >= 0 : w.indexOf(q) === 0; });
  });
}

function shard(key, n) {
  var h = 0x811c9dc5;
  for (var ch of key) h = Math.imul((h ^ ch.codePointAt(0)) >>> 0, 0x01000193) >>> 0;
  return h % n;
}

function nameSearch(sec, root) {
  var d = sec.dataset;
  var base = new URL(d.index, location.href);
  var shards = +d.shards, nameChunk = +d.nameChunk, budgetChunk = +d.budgetChunk, prefix = +d.prefix, size = +d.page;
  var list = document.getElementById("names-list");
  var status = document.getElementById("names-status");
  var more = document.getElementById("names-more");
  var files = {};
  // The query being shown: {q, keys, candidates, at (candidate), from (its budgets), seen, part,
  // parts (of its keys' lists, when every key is long: read a part at a time)}.
  var now = null;
  var asked = 0;
  function get(path) {
    if (!files[path]) {
      files[path] = fetch(new URL(path + "?v=" + d.namesTag, base).href).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }
  function say(text) { status.textContent = text; }
  function ids(stored) { // stored as the first id and each one's difference from the one before
    var out = stored.slice();
    for (var i = 1; i < out.length; i++) out[i] += out[i - 1];
    return out;
  }
  function own(v, k) { return Object.prototype.hasOwnProperty.call(v, k) ? v[k] : []; }
  // The ids in every list, ascending: the shortest list first, the others as sets.
  function intersect(lists) {
    if (!lists.length) return [];
    lists.sort(function (a, b) { return a.length - b.length; });
    var others = lists.slice(1).map(function (l) { return new Set(l); });
    return lists[0].filter(function (i) { return others.every(function (o) { return o.has(i); }); });
  }
  // The next part of the lists of a query whose every key is long, intersected.
  async function nextPart(s) {
    var j = s.part++;
    var lists = await Promise.all(s.keys.map(function (k) {
      return get("p/" + shard(k, shards) + "/" + j + ".json").then(function (v) { return ids(own(v, k)); });
    }));
    s.candidates = s.candidates.concat(intersect(lists));
  }
  function left(s) { return s.at < s.candidates.length || s.part < s.parts; }
  // The next page of results of ``s``: its candidates' names read a page of them at a time, the
  // names that do not hold the query skipped, each budget once (at its first name).
  async function page(s) {
    var hits = [];
    while (hits.length < size && left(s)) {
      if (s.at >= s.candidates.length) { await nextPart(s); continue; }
      // The next candidates, those of at most four chunks of names (fetched at once).
      var batch = [], wanted = [];
      for (var j = s.at; j < s.candidates.length; j++) {
        var c = Math.floor(s.candidates[j] / nameChunk);
        if (wanted.indexOf(c) < 0) { if (wanted.length === 4) break; wanted.push(c); }
        batch.push(s.candidates[j]);
      }
      var chunks = {};
      await Promise.all(wanted.map(function (c) {
        return get("n/" + c + ".json").then(function (v) { chunks[c] = v; });
      }));
      for (var k = 0; k < batch.length && hits.length < size; k++) {
        var name = chunks[Math.floor(batch[k] / nameChunk)][batch[k] % nameChunk];
        if (!holds(name[1], s.q)) { s.at++; s.from = 0; continue; }
        while (s.from < name[2].length && hits.length < size) {
          var b = name[2][s.from++];
          if (!s.seen.has(b)) { s.seen.add(b); hits.push({ budget: b, field: name[0], name: name[1] }); }
        }
        if (s.from >= name[2].length) { s.at++; s.from = 0; }
      }
    }
    var records = {};
    await Promise.all(hits.map(function (h) {
      var c = Math.floor(h.budget / budgetChunk);
      return get("b/" + c + ".json").then(function (v) { records[h.budget] = v[h.budget % budgetChunk]; });
    }));
    return hits.map(function (h) { return { title: records[h.budget][0], url: records[h.budget][1], field: h.field, name: h.name }; });
  }
  var FIELDS = [d.fieldDepartment, d.fieldPlace, d.fieldUnit, d.fieldProject];
  var COLON = document.documentElement.lang === "zh" ? "：" : ": ";
  function show(hits) {
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(h.url, root).href;
      a.textContent = h.title;
      a.className = "names-title";
      li.appendChild(a);
      if (h.name !== h.title) {
        var why = document.createElement("span");
        why.className = "names-why";
        why.textContent = FIELDS[h.field] + COLON + h.name;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(why);
      }
      list.appendChild(li);
    });
  }
  async function next(n, s) {
    var hits = await page(s);
    if (n !== asked) return;
    show(hits);
    if (!list.children.length) say(d.none);
    more.hidden = !left(s);
  }
  function failed(n) { if (n === asked) { say(d.failed); more.hidden = true; } }
  more.addEventListener("click", function () {
    var n = asked;
    if (now) next(n, now).catch(function () { failed(n); });
  });
  return function (q) {
    var n = ++asked;
    list.textContent = "";
    say("");
    more.hidden = true;
    var ks = queryKeys(q, prefix);
    sec.hidden = !ks.length;
    if (!ks.length) { now = null; return; }
    Promise.all(ks.map(function (k) {
      // A long key's entry is the number of parts of its list (names.py: LONG).
      return get("k/" + shard(k, shards) + ".json").then(function (v) {
        var e = own(v, k);
        return typeof e === "number" ? e : ids(e);
      });
    })).then(function (found) {
      if (n !== asked) return;
      // The lists of the keys that are not long, intersected (the names found are checked to
      // hold the whole query); when every key is long, their lists a part at a time.
      var lists = found.filter(Array.isArray);
      now = { q: q, keys: ks, candidates: intersect(lists), at: 0, from: 0, seen: new Set(), part: 0, parts: 0 };
      if (!lists.length) now.parts = Math.min.apply(null, found);
      return next(n, now);
    }).catch(function () { failed(n); });
  };
}
