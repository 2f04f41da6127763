"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var options = {
    delimiters: [
      { left: "\\[", right: "\\]", display: true },
      { left: "\\(", right: "\\)", display: false }
    ],
    throwOnError: false,
    // Claims inside formulas are typeset with \htmlClass and \htmlData; nothing else is trusted.
    trust: function (context) {
      return context.command === "\\htmlClass" || context.command === "\\htmlData" || context.command === "\\htmlId";
    },
    strict: function (code) { return code === "htmlExtension" ? "ignore" : "warn"; }
  };
  document.querySelectorAll(".math").forEach(function (el) {
    renderMathInElement(el, options);
  });
  // KaTeX sets an equation's number over the right edge; an equation wider than the column
  // would run under it, so there the number follows the equation (and scrolls with it).
  function placeNumbers() {
    document.querySelectorAll(".katex-display .katex-html > .tag").forEach(function (tag) {
      var line = tag.parentElement;
      line.classList.remove("number-follows");
      var t = tag.getBoundingClientRect();
      var under = Array.prototype.some.call(line.children, function (part) {
        if (part === tag) return false;
        var r = part.getBoundingClientRect();
        return r.width > 0 && r.right > t.left - 4 && r.left < t.right;
      });
      if (under) line.classList.add("number-follows");
    });
  }
  placeNumbers();
  // Again once KaTeX's fonts have come (they change the widths), and on a resize.
  if (document.fonts) document.fonts.addEventListener("loadingdone", placeNumbers);
  window.addEventListener("load", placeNumbers);
  window.addEventListener("resize", placeNumbers);
  document.querySelectorAll("[data-computed]").forEach(function (el) {
    el.title = "✓ checked; computed " + el.getAttribute("data-computed");
  });
});

// Search: the documents (assets/search-data.js, written at weave time) and lunr (Debian's
// libjs-lunr) are loaded on the first focus of the box, and the index built then.
(function () {
  var box, list, index = null, loading = false;
  function load(src, done) {
    var s = document.createElement("script");
    s.src = src; s.onload = done; document.head.appendChild(s);
  }
  function ready(done) {
    if (index) return done();
    if (loading) return;
    loading = true;
    load("assets/lunr.min.js", function () {
      load("assets/search-data.js", function () {
        var docs = window.BOOK_SEARCH || [];
        index = lunr(function () {
          this.ref("id");
          this.field("section", { boost: 5 });
          this.field("chapter", { boost: 2 });
          this.field("text");
          this.metadataWhitelist = ["position"];
          docs.forEach(function (d) { this.add(d); }, this);
        });
        index.docs = {};
        docs.forEach(function (d) { index.docs[d.id] = d; });
        done();
      });
    });
  }
  function snippet(doc, words) {
    var text = doc.text, lower = text.toLowerCase(), at = -1;
    words.forEach(function (w) { var i = lower.indexOf(w); if (i >= 0 && (at < 0 || i < at)) at = i; });
    if (at < 0) return text.slice(0, 120) + "…";
    var from = Math.max(0, at - 50);
    return (from > 0 ? "…" : "") + text.slice(from, at + 90) + "…";
  }
  function show() {
    var q = box.value.trim().toLowerCase();
    list.innerHTML = "";
    if (!q) { list.hidden = true; return; }
    var words = q.split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
    var hits = index.query(function (query) {
      words.forEach(function (w) {
        query.term(w, { boost: 10 });
        query.term(w, { wildcard: lunr.Query.wildcard.TRAILING, boost: 1 });
      });
    }).slice(0, 12);
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "none"; none.textContent = "Nothing found for “" + box.value.trim() + "”.";
      list.appendChild(none);
    }
    hits.forEach(function (h) {
      var d = index.docs[h.ref], li = document.createElement("li"), a = document.createElement("a");
      a.href = d.id;
      var where = document.createElement("span");
      where.className = "where"; where.textContent = d.chapter + (d.section ? " › " + d.section : "");
      var what = document.createElement("span");
      what.className = "what"; what.textContent = snippet(d, words);
      a.appendChild(where); a.appendChild(what); li.appendChild(a); list.appendChild(li);
    });
    list.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    box = document.getElementById("search");
    list = document.getElementById("search-results");
    if (!box) return;
    box.addEventListener("focus", function () { ready(function () {}); });
    box.addEventListener("input", function () { ready(show); });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { var first = list.querySelector("a"); if (first) window.location.href = first.href; }
      if (e.key === "Escape") { box.value = ""; show(); box.blur(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && document.activeElement !== box && !/input|textarea/i.test(document.activeElement.tagName)) {
        e.preventDefault(); box.focus();
      }
    });
  });
})();

// Explorable figures: every combination of the parameters was computed by the chapter's
// own code when the site was built; a slider only chooses which one is shown.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("figure.explorable").forEach(function (fig) {
    var controls = fig.querySelector(".controls");
    var shape = controls.getAttribute("data-shape").split(",").map(Number);
    var sliders = Array.prototype.slice.call(controls.querySelectorAll("input[type=range]"));
    function update() {
      var index = 0;
      sliders.forEach(function (s, k) {
        index = index * shape[k] + Number(s.value);
        s.parentNode.querySelector("output").textContent = s.getAttribute("data-values").split("|")[Number(s.value)];
      });
      fig.querySelectorAll("g.variant").forEach(function (g) {
        if (Number(g.getAttribute("data-variant")) === index) g.removeAttribute("display");
        else g.setAttribute("display", "none");
      });
      fig.querySelectorAll("ul.legend[data-variant]").forEach(function (l) {
        l.hidden = Number(l.getAttribute("data-variant")) !== index;
      });
      fig.setAttribute("data-shown", index);
    }
    sliders.forEach(function (s) { s.addEventListener("input", update); });
    update();
  });
});

// "On this page" is open beside the text on a wide screen, folded on a narrow one; a copy
// button on every code block copies its code without the results; printing unfolds
// hints, solutions and figure code.
document.addEventListener("DOMContentLoaded", function () {
  var outline = document.querySelector("aside.outline details");
  if (outline && window.matchMedia("(min-width: 1181px)").matches) outline.open = true;
  document.querySelectorAll("figure.code").forEach(function (fig) {
    var button = document.createElement("button");
    button.className = "copy"; button.type = "button"; button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    button.addEventListener("click", function () {
      var code = Array.prototype.map.call(fig.querySelectorAll(".line .src"), function (l) { return l.textContent; }).join("\n");
      function done() { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 1500); }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(code).then(done, function () {});
      else {
        var area = document.createElement("textarea");
        area.value = code; document.body.appendChild(area); area.select();
        try { document.execCommand("copy"); done(); } catch (e) {}
        area.remove();
      }
    });
    // In the caption bar (a bar of its own when the block has no caption): never over the code.
    var caption = fig.querySelector("figcaption");
    if (!caption) {
      caption = document.createElement("figcaption");
      caption.className = "bar";
      fig.insertBefore(caption, fig.firstChild);
    }
    caption.insertBefore(button, caption.firstChild);
  });
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); });
});
