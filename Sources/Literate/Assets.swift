import Foundation

/// The site's own stylesheet and script (KaTeX's files are copied from Debian's packages).
enum Assets {
    static var files: [Weaver.File] {
        [Weaver.File(path: "assets/book.css", contents: Data(css.utf8)),
         Weaver.File(path: "assets/book.js", contents: Data(js.utf8))]
    }

    /// Typesets every math span with KaTeX's auto-render, the delimiters being the
    /// ones the weaver wrote (so dollar signs anywhere else are never touched).
    static let js = """
    "use strict";
    document.addEventListener("DOMContentLoaded", function () {
      var options = {
        delimiters: [
          { left: "\\\\[", right: "\\\\]", display: true },
          { left: "\\\\(", right: "\\\\)", display: false }
        ],
        throwOnError: false
      };
      document.querySelectorAll(".math").forEach(function (el) {
        renderMathInElement(el, options);
      });
    });

    """

    static let css = """
    :root {
      --ink: #1d1d1f; --muted: #5f6368; --rule: #e3e3e6; --paper: #fffdf8; --code-bg: #f6f6f3;
      --accent: #2457a6; --ok: #1e7d32; --bad: #b3261e; --measure: 44rem;
      --serif: "Charter", "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif;
      --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      --mono: "JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--paper); color: var(--ink); font: 18px/1.6 var(--serif); }
    a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
    .masthead { font-family: var(--sans); font-size: 0.95rem; padding: 0.6rem 1.2rem; border-bottom: 1px solid var(--rule); background: #fff; }
    .masthead a { color: var(--ink); text-decoration: none; font-weight: 600; }
    .layout { display: grid; grid-template-columns: 16rem minmax(0, 1fr); gap: 2.5rem; max-width: 78rem; margin: 0 auto; padding: 0 1.2rem; }
    nav.toc { font-family: var(--sans); font-size: 0.88rem; line-height: 1.45; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding: 1.5rem 0; }
    nav.toc ol { list-style: none; padding: 0; margin: 0.6rem 0; }
    nav.toc li { margin: 0.3rem 0; }
    nav.toc a { text-decoration: none; color: var(--ink); }
    nav.toc a[aria-current="page"] { color: var(--accent); font-weight: 600; }
    nav.toc .num, ol.contents .num { display: inline-block; min-width: 1.6em; color: var(--muted); font-variant-numeric: tabular-nums; }
    nav.toc .home, nav.toc .report { display: block; color: var(--muted); }
    main { max-width: var(--measure); padding: 1.5rem 0 4rem; min-width: 0; }
    main h1 { font-size: 2.1rem; line-height: 1.2; margin: 0.5rem 0 1.2rem; }
    main h2 { font-size: 1.45rem; margin: 2.4rem 0 0.6rem; line-height: 1.3; }
    main h3 { font-size: 1.15rem; margin: 1.8rem 0 0.4rem; }
    .anchor { visibility: hidden; text-decoration: none; color: var(--muted); font-weight: 400; }
    h1:hover .anchor, h2:hover .anchor, h3:hover .anchor { visibility: visible; }
    p, ul, ol { margin: 0.7rem 0; }
    blockquote { margin: 1.2rem 0; padding: 0.6rem 1rem; border-left: 4px solid #d9a441; background: #fdf6e6; font-size: 0.95rem; }
    code { font-family: var(--mono); font-size: 0.84em; background: var(--code-bg); padding: 0.05em 0.25em; border-radius: 3px; }
    pre code { background: none; padding: 0; }
    figure.code { margin: 1.1rem 0; border: 1px solid var(--rule); border-radius: 6px; background: var(--code-bg); overflow: hidden; }
    figure.code figcaption { font-family: var(--sans); font-size: 0.75rem; color: var(--muted); padding: 0.35rem 0.8rem; border-bottom: 1px solid var(--rule); background: #efefeb; }
    figure.code pre { margin: 0; padding: 0.6rem 0; overflow-x: auto; font-size: 0.86rem; line-height: 1.5; }
    .line { display: flex; align-items: baseline; gap: 1rem; padding: 0 0.8rem; min-width: max-content; }
    .line .src { white-space: pre; flex: 1 0 auto; }
    .res { font-family: var(--mono); font-size: 0.8rem; white-space: pre; border-radius: 3px; padding: 0 0.4em; margin-left: auto; }
    .res.ok { color: var(--ok); background: #e8f3ea; }
    .res.bad { color: #fff; background: var(--bad); }
    .res .times { opacity: 0.7; }
    .kw { color: #a626a4; } .ty { color: #0b6e8a; } .num { color: #b35900; } .str { color: #2f7d1e; }
    .com { color: #7a7a7a; font-style: italic; } .attr { color: #a626a4; } .lbl { color: #4b5f99; } .dir { color: #a626a4; }
    pre.illustration { background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px; padding: 0.6rem 0.8rem; overflow-x: auto; font-size: 0.86rem; }
    details { margin: 0.8rem 0; border: 1px solid var(--rule); border-radius: 6px; padding: 0.3rem 0.8rem; background: #fff; }
    details > summary { cursor: pointer; font-family: var(--sans); font-size: 0.85rem; color: var(--muted); }
    details[open] > summary { margin-bottom: 0.4rem; }
    details.hint { border-color: #d9c9f2; }
    figure.plot { margin: 1.4rem 0 0.4rem; }
    figure.plot svg { width: 100%; height: auto; background: #fff; border: 1px solid var(--rule); border-radius: 6px; font-family: var(--sans); }
    figure.plot figcaption { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); text-align: center; }
    .table { overflow-x: auto; margin: 1rem 0; }
    table { border-collapse: collapse; font-size: 0.9rem; }
    th, td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.7rem; text-align: left; vertical-align: top; }
    th { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); }
    table.claims tr.bad td { background: #fdeceb; }
    .verification { font-family: var(--sans); padding: 0.6rem 0.9rem; border-radius: 6px; }
    .verification.ok { background: #e8f3ea; color: var(--ok); }
    .verification.bad { background: #fdeceb; color: var(--bad); }
    .lede { font-size: 1.1rem; color: var(--muted); }
    ol.contents { padding-left: 0; list-style: none; }
    ol.contents li { margin: 0.45rem 0; }
    ol.contents .count { font-family: var(--sans); font-size: 0.78rem; color: var(--muted); margin-left: 0.4rem; }
    nav.pager { display: flex; justify-content: space-between; gap: 1rem; font-family: var(--sans); font-size: 0.9rem; border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: 1rem; }
    .katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
    .figure-error { color: var(--bad); }
    @media (max-width: 860px) {
      body { font-size: 17px; }
      .layout { display: block; padding: 0 1rem; }
      nav.toc { position: static; max-height: none; padding: 0.8rem 0; border-bottom: 1px solid var(--rule); }
      nav.toc ol { columns: 2; column-gap: 1.5rem; }
      main h1 { font-size: 1.7rem; }
    }
    @media print {
      body { background: #fff; font-size: 11pt; }
      .masthead, nav.toc, nav.pager, .anchor { display: none; }
      .layout { display: block; max-width: none; padding: 0; }
      main { max-width: none; }
      details { border: none; padding: 0; }
      details > summary { display: none; }
      details:not([open]) > *:not(summary) { display: block; }
      figure.code, figure.plot { break-inside: avoid; }
      .res.bad { color: var(--bad); background: none; }
      a { color: inherit; text-decoration: none; }
    }

    """
}
