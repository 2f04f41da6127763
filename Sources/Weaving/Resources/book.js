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
  document.querySelectorAll("[data-computed]").forEach(function (el) {
    el.title = "✓ checked; computed " + el.getAttribute("data-computed");
  });
});
