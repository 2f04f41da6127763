"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var options = {
    delimiters: [
      { left: "\\[", right: "\\]", display: true },
      { left: "\\(", right: "\\)", display: false }
    ],
    throwOnError: false
  };
  document.querySelectorAll(".math").forEach(function (el) {
    renderMathInElement(el, options);
  });
});
