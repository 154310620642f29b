/**
 * Tauri's window events as Tauri delivers them: to each page listener whose target names the
 * window (`{ kind: "Window", label }`, `AnyLabel`, `WebviewWindow`) or any target (`Any`), as a
 * call of that listener's callback with `{ event, id, payload }` (what @tauri-apps/api's
 * `listen` registered). Payloads are Tauri's: `tauri://resize` the inner PhysicalSize,
 * `tauri://move` the outer PhysicalPosition, `tauri://scale-change` `{ scaleFactor, size }`,
 * focus/blur/close-requested/destroyed none. A close by the title bar waits for the page when it
 * listens for `tauri://close-requested` on that window (Tauri's rule); its guest code then calls
 * `destroy` unless the handler prevented it.
 * @module
 */

/** Where a page listener listens (Tauri's `EventTarget`). */
export type ListenTarget =
  | { kind: "Any" | "App" }
  | { kind: "AnyLabel" | "Window" | "Webview" | "WebviewWindow"; label: string };

/** One `plugin:event|listen` of a page. */
export interface PageListener {
  /** The event name. */
  event: string;
  /** Its target (`Any` when the page gave none). */
  target: ListenTarget;
  /** The page's callback id (`transformCallback`). */
  handler: number;
}

/** An open window as the relay sees it. */
export interface RelayWindow {
  /** The window's label. */
  readonly label: string;
  /** Its page's listeners by event id. */
  readonly listeners: ReadonlyMap<number, PageListener>;
  /** Runs the page's callback `handler` with `payload`. */
  call(handler: number, payload: unknown): void;
}

/** What the relay needs from the app. */
export interface WindowEventsHost {
  /** The open windows. */
  windows(): RelayWindow[];
  /** Runs a native op on the window `label`. */
  nativeCall(label: string, op: string, args: unknown[]): Promise<unknown>;
  /** Closes the window `label` (no close request: it is gone). */
  destroy(label: string): void;
  /** The page's theme mode in the window `label` (`system`, `dark`, `light`), null if unknown. */
  themeMode(label: string): Promise<string | null>;
  /** Whether the window `label` takes file drops for Tauri's events (`dragDropEnabled`). */
  dropsEnabled(label: string): boolean;
  /** Files the user dropped: the fs scope gets them before the page hears of the drop. */
  dropped(paths: string[]): Promise<void>;
}

const CLOSE_REQUESTED = "tauri://close-requested";
const THEME_CHANGED = "tauri://theme-changed";
/** Tauri's file drop events, by what the native drop target reports. */
const DRAG_EVENTS: Record<string, string> = {
  enter: "tauri://drag-enter",
  over: "tauri://drag-over",
  drop: "tauri://drag-drop",
  leave: "tauri://drag-leave",
};
const DRAG_NAMES = new Set(Object.values(DRAG_EVENTS));
/** Events whose source is the window system's configure stream: watched only once heard. */
const CONFIGURE_EVENTS = new Set(["tauri://resize", "tauri://move", "tauri://scale-change"]);

/** Whether a listener with `target` hears an event emitted to the window `label`. */
export function hears(target: ListenTarget, label: string): boolean {
  if (target.kind === "Any") return true;
  if (!("label" in target) || target.kind === "Webview") return false;
  return target.label === label;
}

/**
 * Whether a listener with `target` hears an event Tauri emits to `EventTarget::labeled(label)`
 * (file drops): any target that names the label, webviews included, or `Any`.
 */
export function hearsLabeled(target: ListenTarget, label: string): boolean {
  if (target.kind === "Any") return true;
  return "label" in target && target.label === label;
}

/** A listen request's target as given (a label string means `AnyLabel`; none means `Any`). */
export function listenTarget(raw: unknown): ListenTarget {
  if (typeof raw === "string") return { kind: "AnyLabel", label: raw };
  const t = raw as { kind?: unknown; label?: unknown } | null | undefined;
  if (t?.kind === "App") return { kind: "App" };
  if (
    (t?.kind === "AnyLabel" || t?.kind === "Window" || t?.kind === "Webview" ||
      t?.kind === "WebviewWindow") && typeof t.label === "string"
  ) return { kind: t.kind, label: t.label };
  return { kind: "Any" };
}

interface Geometry {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The app's relay of native window events to pages (one per app). */
export class TauriWindowEvents {
  #host: WindowEventsHost;
  /** Windows whose title-bar close waits for the page. */
  #armed = new Map<string, boolean>();
  #watched = new Set<string>();
  #anyWatch = false;
  #last = new Map<string, Geometry>();
  /** Windows told of the desktop's theme changes (a page listens for theme changes). */
  #themeWatched = new Set<string>();
  #themeWatch = false;
  #systemTheme: string | undefined;
  /** Windows whose webview takes file drops for Tauri's events; `Any` listeners want all. */
  #dropWatched = new Set<string>();
  #anyDrop = false;

  constructor(host: WindowEventsHost) {
    this.#host = host;
  }

  /** A page registered `l`: start the native watch it needs (resolves once armed). */
  async listenerAdded(l: PageListener): Promise<void> {
    if (CONFIGURE_EVENTS.has(l.event)) {
      if (l.target.kind === "Any") this.#anyWatch = true;
      const labels = this.#host.windows().map((w) => w.label).filter((x) => hears(l.target, x));
      await Promise.all(labels.map((x) => this.#watch(x)));
    }
    if (l.event === CLOSE_REQUESTED) await this.syncClose();
    if (DRAG_NAMES.has(l.event)) {
      if (l.target.kind === "Any") this.#anyDrop = true;
      const labels = this.#host.windows().map((w) => w.label).filter((x) =>
        hearsLabeled(l.target, x)
      );
      await Promise.all(labels.map((x) => this.#watchDrops(x)));
    }
    if (l.event === THEME_CHANGED) {
      this.#themeWatch = true;
      await Promise.all(this.#host.windows().map((w) => this.#watchTheme(w.label)));
    }
  }

  // GtkSettings is the display's, not a window's; every window asks, so that changes are still
  // heard when the window that asked first has closed (repeats are dropped in `signal`).
  async #watchTheme(label: string): Promise<void> {
    if (this.#themeWatched.has(label)) return;
    this.#themeWatched.add(label);
    const now = await this.#host.nativeCall(label, "tauriThemeWatch", []).catch(() => undefined);
    if (this.#systemTheme === undefined && typeof now === "string") this.#systemTheme = now;
  }

  async #watchDrops(label: string): Promise<void> {
    if (this.#dropWatched.has(label) || !this.#host.dropsEnabled(label)) return;
    this.#dropWatched.add(label);
    await this.#host.nativeCall(label, "tauriDropWatch", []).catch(() => {});
  }

  /** Sends a file drop event to the listeners that hear window `label` by any target kind. */
  #emitLabeled(label: string, event: string, payload: unknown): void {
    for (const w of this.#host.windows()) {
      for (const [id, l] of w.listeners) {
        if (l.event === event && hearsLabeled(l.target, label)) {
          w.call(l.handler, { event, id, payload });
        }
      }
    }
  }

  /** The desktop's theme changed: each window whose page follows the system hears it. */
  async #systemThemeChanged(theme: string): Promise<void> {
    if (theme === this.#systemTheme) return;
    this.#systemTheme = theme;
    for (const { label } of this.#host.windows()) {
      const mode = await this.#host.themeMode(label).catch(() => null);
      if (mode === "system") this.emit(label, THEME_CHANGED, theme);
    }
  }

  /** A page dropped `l`: a close it held is no longer held. */
  async listenerRemoved(l: PageListener): Promise<void> {
    if (l.event === CLOSE_REQUESTED) await this.syncClose();
  }

  /** A window's page is up: watch it if an `Any` listener wants configure events. */
  async opened(label: string): Promise<void> {
    if (this.#anyWatch) await this.#watch(label);
    if (this.#themeWatch) await this.#watchTheme(label);
    if (this.#anyDrop) await this.#watchDrops(label);
  }

  async #watch(label: string): Promise<void> {
    if (this.#watched.has(label)) return;
    this.#watched.add(label);
    // A browser page has no native side: it simply never reports.
    await this.#host.nativeCall(label, "tauriWatch", []).catch(() => {});
  }

  /** Arms or disarms each window's close interception to match its listeners. */
  async syncClose(): Promise<void> {
    const windows = this.#host.windows();
    await Promise.all(windows.map(async ({ label }) => {
      const want = this.#intercepts(label, windows);
      if ((this.#armed.get(label) ?? false) === want) return;
      this.#armed.set(label, want);
      await this.#host.nativeCall(label, "tauriCloseIntercept", [want]).catch(() => {});
    }));
  }

  // Tauri prevents the close when a listener targets this very window (`has_js_listener`).
  #intercepts(label: string, windows = this.#host.windows()): boolean {
    return windows.some((w) =>
      [...w.listeners.values()].some((l) =>
        l.event === CLOSE_REQUESTED && l.target.kind === "Window" && l.target.label === label
      )
    );
  }

  /** Sends `event` from the window `label` to every listener that hears it. */
  emit(label: string, event: string, payload: unknown): number {
    let n = 0;
    for (const w of this.#host.windows()) {
      for (const [id, l] of w.listeners) {
        if (l.event !== event || !hears(l.target, label)) continue;
        w.call(l.handler, { event, id, payload });
        n++;
      }
    }
    return n;
  }

  /** Tauri's `emit` to all: every listener of `event`, whatever window its target names. */
  emitAll(event: string, payload: unknown): number {
    let n = 0;
    for (const w of this.#host.windows()) {
      for (const [id, l] of w.listeners) {
        if (l.event !== event) continue;
        w.call(l.handler, { event, id, payload });
        n++;
      }
    }
    return n;
  }

  /**
   * The window `label` and its webview exist. Tauri 2 then emits `tauri://webview-created`
   * (when the webview is attached) and `tauri://window-created` (next, from the main thread),
   * both `{ label }`, to every listener whatever its target (its `Manager::emit`).
   */
  created(label: string): void {
    this.emitAll("tauri://webview-created", { label });
    this.emitAll("tauri://window-created", { label });
  }

  /** A native signal of window `label`; true when it was only for Tauri's events. */
  signal(label: string, name: string, data: unknown): boolean {
    switch (name) {
      case "tauri-configure": {
        const g = data as Geometry;
        const last = this.#last.get(label);
        this.#last.set(label, g);
        if (!last) return true; // where it was when first watched: no change yet
        if (last.x !== g.x || last.y !== g.y) this.emit(label, "tauri://move", { x: g.x, y: g.y });
        if (last.width !== g.width || last.height !== g.height) {
          this.emit(label, "tauri://resize", { width: g.width, height: g.height });
        }
        return true;
      }
      case "tauri-scale":
        this.emit(label, "tauri://scale-change", data);
        return true;
      case "tauri-drag": {
        const d = data as { kind: string; paths?: string[]; position?: unknown };
        const event = DRAG_EVENTS[d.kind];
        if (event === DRAG_EVENTS.drop) {
          // As Tauri: what the user dropped becomes readable (fs scope) before the page hears.
          void this.#host.dropped(d.paths ?? []).then(() =>
            this.#emitLabeled(label, event, { paths: d.paths ?? [], position: d.position })
          );
        } else if (event) {
          this.#emitLabeled(
            label,
            event,
            d.kind === "leave"
              ? null
              : d.paths
              ? { paths: d.paths, position: d.position }
              : { position: d.position },
          );
        }
        return true;
      }
      case "tauri-system-theme":
        void this.#systemThemeChanged(String(data));
        return true;
      case "tauri-close-requested":
        // Armed, but the page that listened may be gone (reloaded): then nobody decides, and the
        // user's close must not be lost.
        if (this.#intercepts(label)) this.emit(label, CLOSE_REQUESTED, null);
        else this.#host.destroy(label);
        return true;
      case "close-request":
        // Armed: the page decides ("tauri-close-requested" follows), so it is not a close yet.
        if (this.#armed.get(label)) return true;
        // Not armed: the window closes anyway; listeners elsewhere still hear of it.
        this.emit(label, CLOSE_REQUESTED, null);
        return false;
      case "focus":
        this.emit(label, "tauri://focus", null);
        return false;
      case "blur":
        this.emit(label, "tauri://blur", null);
        return false;
    }
    return false;
  }

  /** The window `label` is gone: listeners elsewhere hear `tauri://destroyed`. */
  gone(label: string): void {
    this.#armed.delete(label);
    this.#watched.delete(label);
    this.#last.delete(label);
    this.#themeWatched.delete(label);
    this.#dropWatched.delete(label);
    this.emit(label, "tauri://destroyed", null);
  }
}
