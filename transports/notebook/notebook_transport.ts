/**
 * The notebook transport: each window is a page shown in a notebook cell's output (Deno's
 * Jupyter kernel, `deno jupyter`), served by a loopback server (`server.ts`) and connected back
 * to panes over the browser transport's WebSocket link (`../browser/link.ts`: sequence numbers,
 * acknowledgements, replay). Everything above it — the page peer, commands, channels, events,
 * state, the compatibility layer — is the code every transport shares.
 *
 * Why the page talks over its own socket and not Jupyter comms: Deno 2.9.6's kernel publishes
 * what Deno sends (`Deno.jupyter.broadcast`), but it drops every `comm_msg` the frontend sends
 * and answers a frontend's `comm_open` with `comm_close`, so a widget cannot reach Deno over
 * the kernel (docs/notebook.md has the measurements). The kernel carries only the output: an
 * `<iframe>` display, or an anywidget model opened from the kernel side (`display.ts`).
 *
 * Cells and kernels: a window's output is put in the cell that runs `show()` (or
 * `win.display()`, which shows it again in the running cell: the older outputs then turn into
 * snapshots that say they are stale). A window whose output goes (the cell re-run or cleared)
 * is gone after `graceMs`; `show()` with the label of a window another app of this kernel still
 * has replaces that window at once. When an app has no window left its server stops, and a
 * kernel that restarts takes the server with it (it is a socket of the kernel's process).
 * @module
 */

import type { UiContent } from "../../ffi/ui_protocol.ts";
import type { HostMessage } from "../../bridge/messages.ts";
import { pageBridgeScript } from "../../bridge/page/bridge.ts";
import type { Theme } from "../../bridge/page/context.ts";
import { PageLink } from "../browser/link.ts";
import { newToken, sameToken } from "../browser/server.ts";
import type { Transport, WindowPort, WindowSink, WindowSpec } from "../transport.ts";
import { iframeHtml, type OutputLook, staleHtml, WIDGET_PROTOCOL, widgetState } from "./display.ts";
import { jupyterKernel, type Kernel } from "./kernel.ts";
import { NotebookServer } from "./server.ts";

/** How a page is shown in the output. */
export type NotebookDisplay = "iframe" | "widget";

/** The notebook transport's settings (from `AppOptions`). */
export interface NotebookOptions {
  /** `"iframe"` (default) or `"widget"` (an anywidget model; needs anywidget in the frontend). */
  notebookDisplay?: NotebookDisplay;
  /** Loopback interface to listen on (default 127.0.0.1). */
  hostname?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** How long a page may be without its socket before the window is gone (ms, default 10 000). */
  graceMs?: number;
  maxMessageBytes: number;
  /** The kernel to publish on (default: `Deno.jupyter`); tests give their own. */
  kernel?: Kernel;
}

/** One output of a window: a display in some cell. */
interface Output {
  key: string;
  displayId: string;
  /** Widget display: the anywidget model's comm id. */
  commId?: string;
  look: OutputLook;
  live: boolean;
}

interface NotebookWindow {
  id: number;
  label: string;
  title: string;
  height: number;
  html: string;
  link: PageLink;
  outputs: Output[];
  closed: boolean;
  sink: WindowSink;
  page: WindowSpec["page"];
  owner: NotebookTransport;
}

/** How long an app's server outlives its last window (a re-run cell's next window comes at once). */
const IDLE_MS = 2_000;

/** Windows by label, across every app of this kernel (a re-run cell makes a new app). */
const byLabel = new Map<string, NotebookWindow>();

const NATIVE_ONLY = (op: string, label: string) =>
  new Error(
    `${op}: native windows only (window "${label}" is a page in a notebook output: transport "notebook")`,
  );

/** Puts the bridge's `<script src>` first (after a doctype), on the first line. */
function withBridgeTag(html: string, src: string): string {
  const tag = `<script src="${src}"></script>`;
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + tag + html.slice(doctype[0].length) : tag + html;
}

/** Pages shown in notebook outputs, talking back over a WebSocket to a loopback server. */
export class NotebookTransport implements Transport {
  readonly name = "notebook";
  readonly native = false;
  readonly #display: NotebookDisplay;
  readonly #graceMs: number;
  readonly #maxMessageBytes: number;
  readonly #kernel: Kernel | undefined;
  readonly #server: NotebookServer;
  readonly #windows = new Map<number, NotebookWindow>();
  #outputs = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: NotebookOptions) {
    // The options were checked in new App() (transports/served_options.ts); the server checks
    // its hostname itself too.
    const { notebookDisplay = "iframe", hostname = "127.0.0.1", port = 0, graceMs = 10_000 } =
      options;
    this.#display = notebookDisplay;
    this.#graceMs = graceMs;
    this.#maxMessageBytes = options.maxMessageBytes;
    this.#kernel = options.kernel ?? jupyterKernel();
    this.#server = new NotebookServer(hostname, port, {
      current: (id, key) => this.#outputOf(id, key) !== undefined,
      page: (id, key) => {
        const w = this.#windows.get(id)!;
        return withBridgeTag(w.html, `/n/${id}/bridge.js?k=${encodeURIComponent(key)}`);
      },
      script: (id, key) => this.#script(this.#windows.get(id)!, key),
      accept: (id, _key, socket, origin) => {
        const w = this.#windows.get(id);
        if (!w || w.closed) return socket.close();
        w.sink.trust(origin);
        w.link.attach(socket, origin);
      },
    });
  }

  start(): Promise<void> {
    if (!this.#kernel) {
      return Promise.reject(
        new Error(
          'transport "notebook" shows pages in notebook outputs: run this code in a cell of ' +
            'Deno\'s Jupyter kernel (deno jupyter), or use transport "native" or "browser"',
        ),
      );
    }
    return Promise.resolve();
  }

  onFatal(): void {
    // Nothing here dies as a whole: an output that goes is one window gone.
  }

  port(spec: WindowSpec, sink: WindowSink): WindowPort {
    if ("url" in spec.content) {
      throw new TypeError(
        `the notebook transport shows app content (an HTML string or HtmlContent), not a URL ` +
          `(${spec.content.url}): link to it from the page, or use transport "native"`,
      );
    }
    // A window of another app of this kernel with the same label: the cell that made it was
    // run again. The newer replaces it (its outputs say so).
    const older = byLabel.get(spec.page.label);
    if (older && !older.closed) older.owner.#finish(older, "Replaced: the cell was run again.");
    const w: NotebookWindow = {
      id: spec.id,
      label: spec.page.label,
      title: spec.title,
      height: spec.height,
      html: spec.content.html,
      outputs: [],
      closed: false,
      sink,
      page: spec.page,
      owner: this,
      link: new PageLink(
        {
          messages: (m) => sink.messages(m),
          gone: () => this.#finish(w, "Closed: the page was gone for longer than graceMs."),
          newPage: (origin) => sink.commit(`${origin}/n/${spec.id}`),
          warn: (what) => sink.warn(what, `panes: window "${spec.page.label}": ${what}`),
        },
        this.#graceMs,
        this.#maxMessageBytes,
      ),
    };
    this.#windows.set(spec.id, w);
    byLabel.set(w.label, w);
    return {
      transport: {
        deliver: (messages: HostMessage[]) => w.link.deliver(messages),
        runScript: (js: string) => w.link.runScript(js),
      },
      // The output is put in the cell at once; the page comes when the frontend renders it, and
      // messages wait for it (a cell that shows a page does not block on the frontend).
      open: async () => {
        if (spec.visible) await this.#show(w);
        return { waitReady: false };
      },
      load: (content: UiContent) => {
        if ("url" in content) {
          throw new TypeError(
            `the notebook transport shows app content, not a URL (${content.url})`,
          );
        }
        w.html = content.html;
        w.link.reload(); // the page reloads from the same output (its key stays current)
      },
      call: (name, args) => this.#call(w, name, args),
      close: () => this.#finish(w, "Closed by the app."),
      free: () => void this.#windows.delete(spec.id),
      verifiedLifecycle: true,
      display: () => {
        this.#show(w).catch((e) => console.error(`panes: ${e instanceof Error ? e.message : e}`));
      },
    };
  }

  /** The live output of window `id` whose key is `key`, if any. */
  #outputOf(id: number, key: string): Output | undefined {
    const w = this.#windows.get(id);
    if (!w || w.closed || key === "") return undefined;
    let found: Output | undefined;
    // Every live key is compared, each in constant time.
    for (const o of w.outputs) if (o.live && sameToken(key, o.key)) found = o;
    return found;
  }

  #script(w: NotebookWindow, key: string): string {
    const { label, theme, debug, extraScript } = w.page as {
      label: string;
      theme: Theme;
      debug: boolean;
      extraScript: string;
    };
    const bridge = pageBridgeScript({
      label,
      theme,
      debug,
      socket: {
        path: `/n/${w.id}/ws?k=${encodeURIComponent(key)}`,
        version: w.link.version,
        graceMs: this.#graceMs,
      },
    });
    const title = `;(() => { const t = ${JSON.stringify(w.title)}; ` +
      `const set = () => { if (!document.title) document.title = t; }; ` +
      `if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", set, { once: true }); else set(); })();`;
    return bridge + "\n" + extraScript + "\n" + title;
  }

  /** Puts the window in a new output of the running cell; its older outputs turn stale. */
  async #show(w: NotebookWindow): Promise<void> {
    if (w.closed) throw new Error(`window "${w.label}" closed`);
    this.#server.start();
    this.#server.hold(true);
    const n = ++this.#outputs;
    const key = newToken();
    const out: Output = {
      key,
      displayId: `panes-${crypto.randomUUID()}`,
      look: { boxId: `panes-${w.id}-${n}-${key.slice(0, 8)}`, title: w.title, height: w.height },
      live: true,
    };
    const url = `${this.#server.origin}/n/${w.id}?k=${encodeURIComponent(key)}`;
    const older = w.outputs.filter((o) => o.live);
    w.outputs.push(out);
    const html = iframeHtml(out.look, this.#server.origin, url, w.html);
    const data: Record<string, unknown> = {
      "text/plain": `panes window "${w.label}" (a live page while the kernel runs)`,
      "text/html": html,
    };
    if (this.#display === "widget") {
      out.commId = crypto.randomUUID().replaceAll("-", "");
      await this.#kernel!.broadcast("comm_open", {
        comm_id: out.commId,
        target_name: "jupyter.widget",
        data: { state: widgetState(out.look, url, w.html), buffer_paths: [] },
      }, { metadata: { version: WIDGET_PROTOCOL } });
      data["application/vnd.jupyter.widget-view+json"] = {
        model_id: out.commId,
        version_major: 2,
        version_minor: 1,
      };
    }
    await this.#kernel!.broadcast("display_data", {
      data,
      metadata: {},
      transient: { display_id: out.displayId },
    });
    for (const o of older) {
      await this.#retire(w, o, "Stale: this window is shown in a newer output.");
    }
  }

  /** An output stops being live: its key is revoked and it becomes a snapshot saying why. */
  async #retire(w: NotebookWindow, o: Output, why: string): Promise<void> {
    if (!o.live) return;
    o.live = false;
    try {
      if (o.commId) {
        await this.#kernel!.broadcast("comm_close", { comm_id: o.commId, data: {} });
      }
      await this.#kernel!.broadcast("update_display_data", {
        data: {
          "text/plain": `panes window "${w.label}": ${why}`,
          "text/html": staleHtml(o.look, w.html, why),
        },
        metadata: {},
        transient: { display_id: o.displayId },
      });
    } catch (e) {
      console.error(`panes: window "${w.label}": ${e instanceof Error ? e.message : e}`);
    }
  }

  #call(w: NotebookWindow, name: string, args: unknown[]): Promise<unknown> {
    if (w.closed) return Promise.reject(new Error(`window "${w.label}" closed`));
    switch (name) {
      case "setTitle":
        w.title = String(args[0]);
        w.link.runScript(`document.title = ${JSON.stringify(w.title)}`);
        return Promise.resolve();
      case "reload":
        w.link.reload();
        return Promise.resolve();
      case "url": {
        // The live output's page address (with its key): open it to see the page outside.
        const o = w.outputs.findLast((o) => o.live);
        return Promise.resolve(
          o && this.#server.listening ? `${this.#server.origin}/n/${w.id}?k=${o.key}` : "",
        );
      }
      case "setVisible":
        if (args[0] === true) {
          if (!w.outputs.some((o) => o.live)) return this.#show(w).then(() => true);
          return Promise.resolve(true);
        }
    }
    return Promise.reject(NATIVE_ONLY(name, w.label));
  }

  /** The window ends: its outputs become snapshots, its page is told, the app hears "gone". */
  #finish(w: NotebookWindow, why: string): void {
    if (w.closed) return;
    w.closed = true;
    w.link.close();
    if (byLabel.get(w.label) === w) byLabel.delete(w.label);
    for (const o of w.outputs) void this.#retire(w, o, why);
    queueMicrotask(() => w.sink.gone());
    if (![...this.#windows.values()].some((x) => !x.closed)) this.#idle();
  }

  /**
   * No window left: the server stops unless a window comes within `IDLE_MS` (a cell run again
   * closes its window and opens the new one at once, in the same app). A later show() starts a
   * new server.
   */
  #idle(): void {
    this.#server.hold(false);
    clearTimeout(this.#idleTimer);
    const timer = setTimeout(() => {
      if (![...this.#windows.values()].some((x) => !x.closed)) void this.#server.shutdown();
    }, IDLE_MS);
    Deno.unrefTimer(timer);
    this.#idleTimer = timer;
  }

  async destroy(): Promise<void> {
    for (const w of this.#windows.values()) this.#finish(w, "Closed: the app ended.");
    clearTimeout(this.#idleTimer);
    await this.#server.shutdown();
  }
}
