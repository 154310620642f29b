/**
 * The browser transport: each window is a page served by one `Deno.serve`
 * (see `server.ts`), opened in a browser, and connected back over a
 * WebSocket (`link.ts`). Everything above the transport — the page
 * peer, commands, channels, events, state — is the same code native windows
 * use; here only the bytes move differently. Native-only window ops reject
 * with a clear error.
 * @module
 */

import type { UiContent } from "../../ffi/ui_protocol.ts";
import type { HostMessage } from "../../bridge/messages.ts";
import { pageBridgeScript } from "../../bridge/page/bridge.ts";
import { PageLink } from "./link.ts";
import { BrowserServer, newToken, type ServedWindow } from "./server.ts";
import { spawnPlain, spawnTied, type TiedProcess } from "./process.ts";
import type { Theme } from "../../bridge/page/context.ts";
import type { WindowPort } from "../transport.ts";
import { splitCommandLine } from "../served_options.ts";

/** How a browser window's page is opened: a command line (the URL is appended) or a function. */
export type BrowserOpener = string | ((url: string) => unknown);

/** The browser transport's settings (from `AppOptions`). */
export interface BrowserHostOptions {
  /**
   * Opener; default: the system's (`xdg-open`, `open`, `start`). A command given here is
   * panes' own: it and every process it starts end with the app (even a killed one).
   */
  browser?: BrowserOpener;
  /** Open pages (default true); false prints each page's URL. */
  open?: boolean;
  /** Interface to listen on (default 127.0.0.1). */
  hostname?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** How long a page may be without its socket before the window is gone (ms, default 10 000). */
  graceMs?: number;
  /** Largest page → host frame (bytes). */
  maxMessageBytes: number;
}

/** What the host reports to the app. */
export interface BrowserHostEvents {
  /** Page → host messages of window `id`, in order, once each. */
  messages(id: number, messages: unknown[]): void;
  /** A socket of window `id` passed every check; its page's origin may use the bridge. */
  trust(id: number, origin: string): void;
  /** Window `id` is gone (closed by the app, or its page gone past the grace period). */
  gone(id: number): void;
  /** A new page of window `id` connected, loaded from `url` (the server's, not the page's word). */
  commit(id: number, url: string): void;
}

/** What a page needs besides its content. */
export interface PageSpec {
  label: string;
  title: string;
  theme: Theme;
  debug: boolean;
  /** Scripts that run after the bridge (plugins' page APIs). */
  extraScript: string;
  content: UiContent;
}

interface BrowserWindow extends ServedWindow {
  id: number;
  label: string;
  title: string;
  html: string;
  link: PageLink;
  closed: boolean;
  warned: Set<string>;
}

/** How long a link panes hands to a browser it opens itself may wait to be used. */
const OPEN_LINK_MS = 60_000;
/** How long a printed link (`open: false`, `win.proxy.url()`) may wait: a person copies it. */
const HANDED_LINK_MS = 10 * 60_000;

function systemOpener(): string[] {
  switch (Deno.build.os) {
    case "darwin":
      return ["open"];
    case "windows":
      return ["cmd", "/c", "start", '""'];
    default:
      return ["xdg-open"];
  }
}

/** Puts the bridge's `<script src>` first (after a doctype), on the first line so page line numbers stay. */
function withBridgeTag(html: string, src: string): string {
  const tag = `<script src="${src}"></script>`;
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + tag + html.slice(doctype[0].length) : tag + html;
}

const NATIVE_ONLY = (op: string, label: string) =>
  new Error(
    `${op}: native windows only (window "${label}" is a page in a browser: transport "browser")`,
  );

/** The browser transport for one app. */
export class BrowserHost {
  #opener: string[] | ((url: string) => unknown);
  /** Whether the opener is the system's (it hands the page to the user's own browser). */
  #systemOpener = false;
  #open: boolean;
  #graceMs: number;
  #maxMessageBytes: number;
  #events: BrowserHostEvents;
  #server: BrowserServer;
  #windows = new Map<number, BrowserWindow>();
  #children = new Set<TiedProcess>();

  constructor(options: BrowserHostOptions, events: BrowserHostEvents) {
    // The options were checked in new App() (transports/served_options.ts).
    const { browser, open = true, hostname, port = 0, graceMs = 10_000 } = options;
    if (typeof browser === "function") this.#opener = browser;
    else if (browser === undefined || browser === "") {
      this.#opener = systemOpener();
      this.#systemOpener = true;
    } else this.#opener = splitCommandLine(browser);
    this.#open = open;
    this.#graceMs = graceMs;
    this.#maxMessageBytes = options.maxMessageBytes;
    this.#events = events;
    this.#server = new BrowserServer(
      { hostname: hostname ?? "127.0.0.1", port },
      (id) => this.#windows.get(id),
      (id, socket, origin) => {
        const w = this.#windows.get(id);
        if (!w) return socket.close();
        this.#events.trust(id, origin);
        w.link.attach(socket, origin);
      },
    );
  }

  /** Registers a window's page (served once `launch` starts the server); returns its port. */
  add(id: number, spec: PageSpec): Omit<WindowPort, "open" | "free"> {
    const html = this.#htmlOf(spec.content);
    const graceMsOf = () => this.#graceMs;
    const secret = newToken();
    const w: BrowserWindow = {
      id,
      label: spec.label,
      title: spec.title,
      html,
      secret,
      closed: false,
      warned: new Set(),
      link: new PageLink(
        {
          messages: (m) => this.#events.messages(id, m),
          gone: () => this.#finish(w),
          newPage: (origin) => this.#events.commit(id, `${origin}/w/${id}`),
          warn: (what) => {
            if (w.warned.has(what)) return;
            w.warned.add(what);
            console.warn(`panes: window "${spec.label}": ${what}`);
          },
        },
        this.#graceMs,
        this.#maxMessageBytes,
      ),
      page() {
        return withBridgeTag(this.html, `/w/${id}/bridge.js`);
      },
      script() {
        const socket = {
          path: `/w/${id}/ws`,
          version: this.link.version,
          graceMs: graceMsOf(),
        };
        const bridge = pageBridgeScript({
          label: spec.label,
          theme: spec.theme,
          debug: spec.debug,
          socket,
        });
        // The window's title names the tab unless the page has its own.
        const title =
          `;(() => { const t = ${
            JSON.stringify(this.title)
          }; const set = () => { if (!document.title) document.title = t; }; ` +
          `if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", set, { once: true }); else set(); })();`;
        return bridge + "\n" + spec.extraScript + "\n" + title;
      },
    };
    this.#windows.set(id, w);
    this.#holdIfOpen();
    return {
      transport: {
        deliver: (messages: HostMessage[]) => w.link.deliver(messages),
        runScript: (js: string) => w.link.runScript(js),
      },
      load: (content) => {
        w.html = this.#htmlOf(content);
        w.link.reload();
      },
      call: (name, args) => this.#call(w, name, args),
      verifiedLifecycle: true,
      close: () => this.#finish(w),
      display: () => this.#display(w),
    };
  }

  #htmlOf(content: UiContent): string {
    if ("url" in content) {
      throw new TypeError(
        `the browser transport shows app content (an HTML string or HtmlContent), not a URL ` +
          `(${content.url}): link to it from the page, or use transport "native"`,
      );
    }
    return content.html;
  }

  /**
   * A new one-time link to the page (the server must be listening): it opens the page in one
   * browser, once, within `ttlMs`; that browser then holds the window's session cookie.
   */
  url(id: number, ttlMs = HANDED_LINK_MS): string {
    if (!this.#windows.has(id)) throw new Error(`browser transport: no window ${id}`);
    return this.#server.link(id, ttlMs);
  }

  /**
   * Starts the server if needed, then opens the page in the browser (or, with
   * `open: false` or `visible: false`, prints its URL / does nothing). When
   * panes opened it, resolves with a promise that rejects if the opener fails
   * before the page connects (and never settles otherwise).
   */
  async launch(id: number, visible: boolean): Promise<{ failure: Promise<never> } | undefined> {
    this.#server.start();
    this.#holdIfOpen();
    const w = this.#windows.get(id);
    if (!w) throw new Error(`browser transport: no window ${id}`);
    if (!this.#open) {
      console.log(
        `panes: window "${w.label}": ${this.url(id)} (opens the page once, within ${
          HANDED_LINK_MS / 60_000
        } minutes)`,
      );
      return undefined;
    }
    if (!visible) return undefined;
    return await this.#openPage(w);
  }

  /** Opens the page; the result's `failure` rejects if the opener fails before the page connects. */
  async #openPage(w: BrowserWindow): Promise<{ failure: Promise<never> }> {
    const url = this.url(w.id, OPEN_LINK_MS);
    const never = new Promise<never>(() => {});
    if (typeof this.#opener === "function") {
      await this.#opener(url);
      return { failure: never };
    }
    const [cmd, ...args] = this.#opener;
    let child: TiedProcess;
    try {
      // The system's opener hands the page to the user's browser, which is not ours to end.
      child = (this.#systemOpener ? spawnPlain : spawnTied)(cmd, [...args, url]);
    } catch (e) {
      throw new Error(
        `cannot start the browser command "${cmd}": ${e instanceof Error ? e.message : e} ` +
          `(set the browser option or PANES_BROWSER, or open: false to print the URL)`,
        { cause: e },
      );
    }
    this.#children.add(child);
    // Kept until the app ends, even after the command exits: a launcher's browser may remain
    // in its process group, and the group ends with the app.
    const failure = child.status.then((s) => {
      if (s.success || w.link.everConnected || w.closed) return never;
      throw new Error(
        `the browser command "${[cmd, ...args].join(" ")}" exited with code ${s.code} ` +
          `before window "${w.label}" connected (set the browser option or PANES_BROWSER)`,
      );
    });
    failure.catch(() => {}); // reported through show(), or by display()
    return { failure };
  }

  #display(w: BrowserWindow): void {
    if (w.closed || w.link.connected) return;
    if (!this.#server.listening) return; // not launched yet: show() opens it
    this.#openPage(w).then(
      ({ failure }) => failure.catch((e) => console.error(`panes: ${e.message}`)),
      (e) => console.error(`panes: ${e instanceof Error ? e.message : e}`),
    );
  }

  #call(w: BrowserWindow, name: string, args: unknown[]): Promise<unknown> {
    if (w.closed) return Promise.reject(new Error(`window "${w.label}" closed`));
    switch (name) {
      case "setTitle":
        w.title = String(args[0]);
        w.link.runScript(`document.title = ${JSON.stringify(w.title)}`);
        return Promise.resolve();
      case "reload":
        w.link.reload();
        return Promise.resolve();
      case "url":
        // A new one-time link each call: the way to open the page in another browser or tab.
        return Promise.resolve(this.#server.listening ? this.url(w.id) : "");
      case "setVisible":
        // Showing a browser window means opening its page when it is not open.
        if (args[0] === true) {
          this.#display(w);
          return Promise.resolve(true);
        }
    }
    return Promise.reject(NATIVE_ONLY(name, w.label));
  }

  /** The window ends: its page is told (it closes its tab), and the app hears "gone". */
  #finish(w: BrowserWindow): void {
    if (w.closed) return;
    w.closed = true;
    w.html = "";
    w.link.close();
    this.#server.forget(w.id);
    this.#holdIfOpen();
    queueMicrotask(() => this.#events.gone(w.id));
  }

  #holdIfOpen(): void {
    let open = false;
    for (const w of this.#windows.values()) if (!w.closed) open = true;
    this.#server.hold(open);
  }

  /** Stops the server and ends the browser processes panes started that still run. */
  async destroy(): Promise<void> {
    for (const w of this.#windows.values()) this.#finish(w);
    await this.#server.shutdown();
    await Promise.all([...this.#children].map((child) => child.end()));
    this.#children.clear();
  }
}
