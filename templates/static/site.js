// What every page does with JavaScript (each page reads fine without it):
// - glossary definitions open on hover, on keyboard focus and on a tap, inside the screen and
//   above everything (never clipped by a table's scroll box), and close with Esc;
// - the language switch keeps the place the reader is at;
// - a row's "#" link copies the row's address.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  var MARGIN = 8; // px kept free between a definition and the edge of the screen

  // ---------------------------------------------------------------- glossary definitions
  var open = null; // the open definition: {tip, link}
  var dismissed = null; // the link whose definition Esc closed (it stays closed until left)
  var closeTimer = 0;
  var lastPointer = "mouse";
  var popover = typeof HTMLElement.prototype.showPopover === "function";

  function place(tip, link) {
    // Fixed coordinates from the link's box, kept inside the viewport: below the link, or
    // above it when there is no room below, as wide as the screen allows.
    var vw = root.clientWidth, vh = window.innerHeight;
    tip.style.maxWidth = Math.min(384, vw - 2 * MARGIN) + "px";
    tip.style.maxHeight = vh - 2 * MARGIN + "px";
    tip.style.left = "0px";
    tip.style.top = "0px";
    var r = link.getBoundingClientRect(), t = tip.getBoundingClientRect();
    var left = Math.min(Math.max(r.left, MARGIN), vw - MARGIN - t.width);
    var top = r.bottom + 4;
    if (top + t.height > vh - MARGIN) top = r.top - 4 - t.height;
    if (top < MARGIN) top = Math.max(MARGIN, vh - MARGIN - t.height);
    tip.style.left = Math.max(MARGIN, left) + "px";
    tip.style.top = top + "px";
  }

  function show(link) {
    var tip = document.getElementById(link.getAttribute("aria-describedby") || "");
    if (!tip || dismissed === link) return;
    clearTimeout(closeTimer);
    if (open && open.tip === tip) { place(tip, link); return; }
    hide();
    if (popover) {
      tip.popover = "manual"; // the top layer: above sticky cells, outside every scroll box
      tip.showPopover();
    }
    tip.classList.add("open");
    open = { tip: tip, link: link };
    place(tip, link);
  }

  function hide() {
    clearTimeout(closeTimer);
    if (!open) return;
    open.tip.classList.remove("open");
    if (popover && open.tip.matches(":popover-open")) open.tip.hidePopover();
    open = null;
  }

  function hideSoon() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(hide, 200); // time to move the pointer onto the definition
  }

  function glossOf(el) {
    var g = el && el.closest ? el.closest(".gloss") : null;
    return g ? g.querySelector(".gloss-link") : null;
  }

  var openAtPress = false; // whether the pressed term's definition was open before the press
  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    openAtPress = !!(open && open.link === glossOf(e.target));
    if (open && !open.tip.contains(e.target) && glossOf(e.target) !== open.link) hide();
  });
  // Hover is a mouse's: a touch's pointer events open nothing here (the tap does, below).
  document.addEventListener("pointerover", function (e) {
    if (e.pointerType !== "mouse") return;
    var link = glossOf(e.target);
    if (link && glossOf(e.relatedTarget) !== link && dismissed === link) dismissed = null; // a new hover
    if (link) show(link);
    else if (open && open.tip.contains(e.target)) clearTimeout(closeTimer);
  });
  document.addEventListener("pointerout", function (e) {
    if (e.pointerType !== "mouse") return;
    var link = glossOf(e.target);
    var to = e.relatedTarget;
    if (link && dismissed === link && glossOf(to) !== link) dismissed = null;
    if (open && (link === open.link || open.tip.contains(e.target)) &&
        !(to && (open.tip.contains(to) || glossOf(to) === open.link))) hideSoon();
  });
  document.addEventListener("focusin", function (e) {
    var link = glossOf(e.target);
    if (link && e.target === link) show(link);
  });
  document.addEventListener("focusout", function (e) {
    var link = glossOf(e.target);
    if (link && dismissed === link) dismissed = null;
    if (open && e.target === open.link) hide();
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a.gloss-link") : null;
    var type = typeof e.pointerType === "string" ? e.pointerType : lastPointer;
    if (!link || (type !== "touch" && type !== "pen")) return;
    // A tap opens the definition (the focus the tap gives may have opened it already); a
    // second tap on the term follows the link to the glossary.
    if (!openAtPress) {
      e.preventDefault();
      dismissed = null;
      show(link);
    }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && open) {
      dismissed = open.link;
      hide();
    }
  });
  function follow() { if (open) place(open.tip, open.link); }
  window.addEventListener("scroll", follow, { passive: true, capture: true });
  window.addEventListener("resize", follow);

  // ---------------------------------------------------------------- the language switch
  // The same page in the other language has the same anchors (tables, rows, parts, terms): the
  // switch takes the reader to the place last read, the anchor followed or, as the reader
  // scrolls, the last part, table or term scrolled past (the switch is at the top of the page:
  // scrolling up to it does not count).
  var MARKS = "main section[id], main table[id], main h2[id], main h3[id], main figure[id], main .table-unreadable[id]";
  var reading = location.hash;
  function scrolledTo() {
    var marks = document.querySelectorAll(MARKS), best = "";
    for (var i = 0; i < marks.length; i++) {
      if (marks[i].getBoundingClientRect().top > 80) break;
      best = "#" + marks[i].id;
    }
    return best;
  }
  var pending = 0;
  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = requestAnimationFrame(function () {
      pending = 0;
      if (window.scrollY > window.innerHeight) reading = scrolledTo() || reading;
    });
  }, { passive: true });
  window.addEventListener("hashchange", function () { reading = location.hash; });
  document.querySelectorAll("a.lang-switch").forEach(function (a) {
    var base = a.getAttribute("href").split("#")[0];
    function update() {
      // A page cut otherwise in the other language (the glossary's parts) says where each place
      // is there.
      var at = reading ? document.getElementById(decodeURIComponent(reading.slice(1))) : null;
      var there = at ? at.closest("[data-other]") : null;
      a.setAttribute("href", (there ? there.getAttribute("data-other") : base) + reading);
    }
    a.addEventListener("click", update);
    a.addEventListener("focus", update);
    a.addEventListener("pointerenter", update);
  });

  // ---------------------------------------------------------------- a row's link
  var status = document.createElement("p");
  status.className = "vh";
  status.setAttribute("role", "status");
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest('th > a[tabindex="-1"]') : null;
    if (!a || !navigator.clipboard || !window.isSecureContext) return;
    var url = new URL(a.getAttribute("href"), location.href).href;
    navigator.clipboard.writeText(url).then(function () {
      if (!status.parentNode) document.body.appendChild(status);
      status.textContent = document.body.getAttribute("data-copied") || "";
    }, function () {});
  });
})();
