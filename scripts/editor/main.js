// The query page's SPARQL editor: CodeMirror 6 with the SPARQL mode of
// @codemirror/legacy-modes, completion of prefixes, keywords and the ontology's terms, and a
// fold for a stored query's YAML header. Bundled by scripts/vendor_editor.sh into
// kg_build/serve/static/editor.js, which defines one global: window.KaipingEditor.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection,
  highlightSpecialChars,
} from "@codemirror/view";
import {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching,
  foldGutter, foldKeymap, foldService, foldEffect, indentOnInput,
} from "@codemirror/language";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap,
} from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";

const KEYWORDS = [
  "SELECT", "DISTINCT", "REDUCED", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH",
  "BIND", "VALUES", "GROUP BY", "HAVING", "ORDER BY", "ASC", "DESC", "LIMIT", "OFFSET",
  "PREFIX", "BASE", "ASK", "CONSTRUCT", "DESCRIBE", "FROM", "FROM NAMED", "NOT EXISTS",
  "EXISTS", "AS", "IN", "NOT IN", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
  "GROUP_CONCAT", "SEPARATOR", "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI",
  "URI", "BNODE", "COALESCE", "IF", "STRLEN", "SUBSTR", "UCASE", "LCASE", "STRSTARTS",
  "STRENDS", "CONTAINS", "STRBEFORE", "STRAFTER", "CONCAT", "REGEX", "REPLACE", "ABS",
  "ROUND", "CEIL", "FLOOR", "YEAR", "NOW", "isIRI", "isLiteral", "isBlank", "isNumeric",
  "sameTerm",
];

// The leading run of `#` lines (a stored query's YAML header) folds to its first line.
function headerRange(state, lineStart) {
  if (lineStart !== 0) return null;
  const first = state.doc.line(1);
  if (!first.text.startsWith("#")) return null;
  let last = first;
  while (last.number < state.doc.lines) {
    const next = state.doc.line(last.number + 1);
    if (!next.text.startsWith("#")) break;
    last = next;
  }
  return last.number > first.number ? { from: first.to, to: last.to } : null;
}

// vocab: {prefixes: {kp: IRI, …}, terms: [{name: "kp:Park", kind, zh, en}, …]}
// Choosing a prefixed name (kp:Park, or the prefix kp: itself) whose prefix the query does
// not declare also adds its PREFIX line at the top.
function declare(prefixes, name) {
  const prefix = name.slice(0, name.indexOf(":"));
  return (view, completion, from, to) => {
    const declared = new RegExp(`^\\s*PREFIX\\s+${prefix}:`, "im");
    const line = prefixes[prefix] && !declared.test(view.state.doc.toString())
      ? `PREFIX ${prefix}: <${prefixes[prefix]}>\n` : "";
    const changes = line ? [{ from: 0, insert: line }] : [];
    changes.push({ from, to, insert: name });
    view.dispatch({ changes, selection: { anchor: from + name.length + line.length } });
  };
}

function completions(vocab) {
  const prefixes = vocab.prefixes || {};
  const prefixOptions = Object.entries(prefixes).map(([p, iri]) => ({
    label: p + ":", type: "namespace", detail: iri, boost: 1, apply: declare(prefixes, p + ":"),
  }));
  const declarations = Object.entries(prefixes).map(([p, iri]) => ({
    label: `PREFIX ${p}: <${iri}>`, type: "text", detail: "declare",
  }));
  const keywordOptions = KEYWORDS.map((k) => ({ label: k, type: "keyword" }));
  const termOptions = (vocab.terms || []).map((t) => ({
    label: t.name, type: t.kind === "class" ? "class" : "property",
    detail: [t.zh, t.en].filter(Boolean).join(" · "), apply: declare(prefixes, t.name),
  }));
  return (context) => {
    const word = context.matchBefore(/[A-Za-z_][\w-]*:?[\w-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const options = word.text.includes(":")
      ? termOptions
      : keywordOptions.concat(prefixOptions, declarations);
    return { from: word.from, options, validFor: /^[\w-]*:?[\w-]*$/ };
  };
}

// The editor lives in a shadow root: there CodeMirror's styles go into a constructed
// stylesheet, which the page's Content-Security-Policy (style-src 'self') allows; in the
// document itself they would be an inline <style>, which it blocks.
const THEME = EditorView.theme({
  "&": {
    backgroundColor: "#fff", border: "1px solid #c9d3dd", borderRadius: "4px",
    fontSize: "13px", minHeight: "14em", maxHeight: "32em",
  },
  "&.cm-focused": { outline: "2px solid #8fb3d1" },
  ".cm-scroller": { fontFamily: "ui-monospace, monospace", overflow: "auto" },
  ".cm-content, .cm-gutter": { minHeight: "14em" },
});

function create(textarea, vocab) {
  const host = document.createElement("div");
  host.className = "editor-host";
  textarea.after(host);
  const root = host.attachShadow({ mode: "open" });
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), foldGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), bracketMatching(), closeBrackets(), highlightActiveLine(),
        highlightSelectionMatches(),
        StreamLanguage.define(sparql), syntaxHighlighting(defaultHighlightStyle),
        foldService.of(headerRange),
        autocompletion({ override: [completions(vocab || {})] }),
        keymap.of([
          ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
          ...foldKeymap, ...completionKeymap, indentWithTab,
        ]),
        EditorView.lineWrapping, THEME,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      ],
    }),
  });
  textarea.hidden = true;
  return {
    view,
    get text() { return view.state.doc.toString(); },
    // Replace the text; with fold=true a leading `#` header is folded away.
    set(text, fold) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      const range = fold ? headerRange(view.state, 0) : null;
      if (range) view.dispatch({ effects: foldEffect.of(range) });
    },
    focus() { view.focus(); },
  };
}

window.KaipingEditor = { create };
