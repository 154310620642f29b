/**
 * What a notebook output holds: the display data of one shown page, in its two forms.
 *
 * - **IFrame** (`text/html`): a box holding a static snapshot of the page (its HTML without
 *   scripts, in a sandboxed `srcdoc` frame) and a small script that asks the page's server
 *   whether it is alive (`/alive`, no-cors) and, if so, puts the live page (`<iframe src>`) in
 *   the snapshot's place. Opened later without the kernel (or where outputs run no scripts:
 *   an untrusted notebook, nbviewer, GitHub), the snapshot stays.
 * - **Widget** (`application/vnd.jupyter.widget-view+json`, with the same `text/html` beside it):
 *   an anywidget model opened from the kernel (`comm_open` on IOPub, anywidget's `_esm` state)
 *   whose view shows the page's URL in an iframe and follows its `url`/`stale` state as the
 *   kernel changes it (`comm_msg` `update`). Frontends without the widget manager render the
 *   `text/html` beside it.
 *
 * A stale output (the window was shown again in a newer output, or closed) is replaced by its
 * snapshot with a line saying why.
 * @module
 */

/** Escapes text for an HTML attribute or text node. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** The page's HTML without scripts, event attributes or its CSP (a picture of it, not a program). */
export function staticSnapshot(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, "")
    .replace(/<meta[^>]+http-equiv=["']?content-security-policy[^>]*>/gi, "")
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "");
}

/** Size and naming of one output. */
export interface OutputLook {
  /** The DOM id of the output's box (unique per output). */
  boxId: string;
  title: string;
  height: number;
}

function snapshotFrame(html: string, height: number): string {
  // sandbox="" runs no script and gives the snapshot an opaque origin.
  return `<iframe class="panes-snapshot" sandbox="" style="width:100%;height:${height}px;border:0" srcdoc="${
    escapeHtml(staticSnapshot(html))
  }"></iframe>`;
}

/** `text/html` of a live output: the snapshot, swapped for the live page when its server answers. */
export function iframeHtml(
  look: OutputLook,
  origin: string,
  url: string,
  snapshotOf: string,
): string {
  const id = escapeHtml(look.boxId);
  const live = `<iframe class="panes-live" title="${
    escapeHtml(look.title)
  }" style="width:100%;height:${look.height}px;border:0" src="${escapeHtml(url)}"></iframe>`;
  const script = `(() => {
  const box = document.getElementById(${JSON.stringify(look.boxId)});
  if (!box || box.dataset.panes) return;
  box.dataset.panes = "1";
  fetch(${JSON.stringify(origin + "/alive")}, { mode: "no-cors", cache: "no-store" }).then(
    () => { box.innerHTML = ${JSON.stringify(live)}; },
    () => { box.querySelector(".panes-note").textContent = "Snapshot: the page's server (its kernel) cannot be reached."; },
  );
})();`;
  return `<div id="${id}" class="panes-output">${
    snapshotFrame(snapshotOf, look.height)
  }<div class="panes-note" style="font:12px sans-serif;opacity:.6"></div></div><script>${
    script.replace(/<\//g, "<\\/")
  }</script>`;
}

/** `text/html` of an output that is no longer live: the snapshot and why. */
export function staleHtml(look: OutputLook, snapshotOf: string, why: string): string {
  return `<div id="${escapeHtml(look.boxId)}" class="panes-output panes-stale">${
    snapshotFrame(snapshotOf, look.height)
  }<div class="panes-note" style="font:12px sans-serif;opacity:.6">${escapeHtml(why)}</div></div>`;
}

/**
 * The anywidget front end (its `_esm`): an iframe on the model's `url`, replaced by a note
 * when the model says it is `stale`. It needs nothing from the kernel after that: the page
 * inside talks to panes over its own WebSocket (Deno's kernel drops the frontend's comm
 * messages; docs/notebook.md).
 */
export const WIDGET_ESM = `export default {
  render({ model, el }) {
    const frame = document.createElement("iframe");
    frame.style.cssText = "width:100%;border:0";
    const note = document.createElement("div");
    note.style.cssText = "font:12px sans-serif;opacity:.6";
    const sync = () => {
      frame.style.height = (model.get("height") || 400) + "px";
      frame.title = model.get("title") || "panes";
      const stale = model.get("stale");
      note.textContent = stale || "";
      if (stale) { frame.removeAttribute("src"); frame.srcdoc = model.get("snapshot") || ""; frame.sandbox = ""; }
      else if (frame.getAttribute("src") !== model.get("url")) frame.src = model.get("url");
    };
    sync();
    model.on("change:url", sync);
    model.on("change:stale", sync);
    el.append(frame, note);
    return () => { model.off("change:url", sync); model.off("change:stale", sync); };
  },
};
`;

/** The state of a new page widget, in anywidget's model format. */
export function widgetState(
  look: OutputLook,
  url: string,
  snapshotOf: string,
): Record<string, unknown> {
  return {
    // anywidget's model and view; "*" matches whichever anywidget the frontend has installed.
    _model_module: "anywidget",
    _model_module_version: "*",
    _model_name: "AnyModel",
    _view_module: "anywidget",
    _view_module_version: "*",
    _view_name: "AnyView",
    _view_count: null,
    _anywidget_id: "panes.NotebookPage",
    _esm: WIDGET_ESM,
    _css: "",
    url,
    title: look.title,
    height: look.height,
    stale: "",
    snapshot: staticSnapshot(snapshotOf),
  };
}

/** The widget protocol version anywidget's models speak (ipywidgets 8). */
export const WIDGET_PROTOCOL = "2.1.0";
