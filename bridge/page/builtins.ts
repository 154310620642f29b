/**
 * The built-in host → page events (docs/commands.md "Built-in events"), handled in the
 * page. Runs in the page, serialised with the bridge: self-contained.
 * @module
 */

interface Cfg {
  theme: "dark" | "light" | "system";
}

/**
 * The built-in event names (as `panes:<name>` and `pywry:<name>`), reserved for the host: the
 * table in {@linkcode installBuiltins} must handle exactly these (it cannot import them: it is
 * serialised into the page).
 */
export const BUILTIN_EVENT_NAMES: readonly string[] = [
  "set-content",
  "set-style",
  "inject-css",
  "remove-css",
  "update-theme",
  "alert",
  "navigate",
  "refresh",
  "download",
];

/** Runs in the page: registers `panes:*` (and `pywry:*`) built-in handlers on `panes`. */
export function installBuiltins(p: Record<string, unknown>, cfg: Cfg): void {
  const on = p.on as (type: string, cb: (data: unknown) => void) => void;
  const emit = p.emit as (type: string, data: unknown) => void;
  type Target = { id?: string; selector?: string };
  const targets = (d: Target): Element[] => {
    if (d.id) {
      const el = document.getElementById(d.id);
      return el ? [el] : [];
    }
    if (d.selector) return [...document.querySelectorAll(d.selector)];
    return [];
  };
  const whenBody = (fn: () => void) => {
    if (document.body) fn();
    else document.addEventListener("DOMContentLoaded", fn, { once: true });
  };

  const cssNode = (id: string): HTMLStyleElement => {
    let el = document.getElementById(id);
    if (!(el instanceof HTMLStyleElement)) {
      el = document.createElement("style");
      el.id = id;
      (document.head ?? document.documentElement).appendChild(el);
    }
    return el as HTMLStyleElement;
  };

  let media: MediaQueryList | undefined;
  const applyTheme = (theme: string) => {
    const root = document.documentElement;
    const resolved = theme === "system"
      ? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")
      : theme;
    root.classList.remove("dark", "light");
    root.classList.add(resolved);
    root.dataset.theme = resolved;
    if (theme === "system" && !media) {
      media = matchMedia("(prefers-color-scheme: dark)");
      media.addEventListener("change", () => {
        if (root.dataset.themeMode === "system") applyTheme("system");
      });
    }
    root.dataset.themeMode = theme;
  };

  const toastHost = (): ShadowRoot => {
    let host = document.getElementById("panes-toasts");
    if (!host) {
      host = document.createElement("div");
      host.id = "panes-toasts";
      host.style.cssText = "position:fixed;top:12px;right:12px;z-index:2147483647;";
      const root = host.attachShadow({ mode: "open" });
      root.innerHTML = `<style>
        .toast{font:14px/1.4 system-ui,sans-serif;min-width:220px;max-width:360px;margin:0 0 8px;padding:10px 14px;
          border-radius:8px;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.3)}
        .info{background:#2563eb}.success{background:#16a34a}.warning{background:#d97706}.error{background:#dc2626}
        .confirm{background:#374151}.title{font-weight:600;margin-bottom:4px}
        button{margin:8px 8px 0 0;padding:4px 12px;border:0;border-radius:4px;cursor:pointer}
      </style>`;
      document.body.appendChild(host);
    }
    return host.shadowRoot as ShadowRoot;
  };
  const alert = (d: {
    message: string;
    type?: string;
    title?: string;
    duration?: number;
    callback_event?: string;
  }) => {
    const type = ["info", "success", "warning", "error", "confirm"].includes(d.type ?? "")
      ? d.type as string
      : "info";
    const el = document.createElement("div");
    el.className = `toast ${type}`;
    el.setAttribute("role", type === "error" ? "alert" : "status");
    if (d.title) {
      const t = document.createElement("div");
      t.className = "title";
      t.textContent = d.title;
      el.appendChild(t);
    }
    const body = document.createElement("div");
    body.textContent = String(d.message ?? "");
    el.appendChild(body);
    toastHost().appendChild(el);
    if (type === "confirm") {
      for (const [key, text] of [["ok", "OK"], ["cancel", "Cancel"]]) {
        const b = document.createElement("button");
        b.textContent = text;
        b.dataset.panesConfirm = key;
        b.addEventListener("click", () => {
          el.remove();
          if (d.callback_event) emit(d.callback_event, { confirmed: key === "ok" });
        });
        el.appendChild(b);
      }
    } else {
      setTimeout(() => el.remove(), d.duration ?? 4000);
    }
  };

  const table: Record<string, (d: Record<string, unknown>) => void> = {
    "set-content": (d) => {
      for (const el of targets(d as Target)) {
        if (typeof d.html === "string") el.innerHTML = d.html;
        else if (d.text !== undefined) el.textContent = String(d.text);
      }
    },
    "set-style": (d) => {
      for (const el of targets(d as Target)) {
        for (const [k, v] of Object.entries((d.styles ?? {}) as Record<string, string>)) {
          if (k.includes("-")) (el as HTMLElement).style.setProperty(k, v);
          else ((el as HTMLElement).style as unknown as Record<string, string>)[k] = v;
        }
      }
    },
    "inject-css": (d) => {
      cssNode(String(d.id ?? "panes-css")).textContent = String(d.css ?? "");
    },
    "remove-css": (d) => {
      document.getElementById(String(d.id))?.remove();
    },
    "update-theme": (d) => applyTheme(String(d.theme ?? "system")),
    "alert": (d) => whenBody(() => alert(d as unknown as Parameters<typeof alert>[0])),
    "navigate": (d) => {
      location.href = String(d.url);
    },
    "refresh": () => location.reload(),
    "download": (d) => {
      const content = d.content;
      const blob = content instanceof ArrayBuffer
        ? new Blob([content], { type: String(d.mimeType ?? "application/octet-stream") })
        : new Blob([String(content ?? "")], { type: String(d.mimeType ?? "text/plain") });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = String(d.filename ?? "download");
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    },
  };
  for (const [name, fn] of Object.entries(table)) {
    for (const prefix of ["panes", "pywry"]) {
      on(`${prefix}:${name}`, (d) => fn((d ?? {}) as Record<string, unknown>));
    }
  }
  applyTheme(cfg.theme);
}
