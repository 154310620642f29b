/**
 * The full window control surface (PyWry's WindowProxy): actions and state
 * read from the native objects. Every call runs on the UI thread. (Over 400 lines: one short
 * method per native window call, the whole surface in one place.)
 * @module
 */

/** Width and height in logical pixels. */
export interface Size {
  /** Width in logical pixels. */
  width: number;
  /** Height in logical pixels. */
  height: number;
}

/** A screen position in logical pixels (screen pixels divided by the scale factor). */
export interface Position {
  /** Distance from the screen's left edge. */
  x: number;
  /** Distance from the screen's top edge. */
  y: number;
}

/** Everything the state getters report, read in one round trip by {@linkcode WindowProxy.state}. */
export interface WindowState {
  /** As {@linkcode WindowProxy.title}. */
  title: string;
  /** As {@linkcode WindowProxy.url}. */
  url: string;
  /** As {@linkcode WindowProxy.isVisible}. */
  isVisible: boolean;
  /** As {@linkcode WindowProxy.isMaximized}. */
  isMaximized: boolean;
  /** As {@linkcode WindowProxy.isMinimized}. */
  isMinimized: boolean;
  /** As {@linkcode WindowProxy.isFullscreen}. */
  isFullscreen: boolean;
  /** As {@linkcode WindowProxy.isFocused}. */
  isFocused: boolean;
  /** As {@linkcode WindowProxy.isDecorated}. */
  isDecorated: boolean;
  /** As {@linkcode WindowProxy.isResizable}. */
  isResizable: boolean;
  /** As {@linkcode WindowProxy.isAlwaysOnTop}. */
  isAlwaysOnTop: boolean;
  /** As {@linkcode WindowProxy.innerSize}. */
  innerSize: Size;
  /** As {@linkcode WindowProxy.outerSize}. */
  outerSize: Size;
  /** null where the display cannot tell (Wayland). */
  innerPosition: Position | null;
  /** null where the display cannot tell (Wayland). */
  outerPosition: Position | null;
  /** As {@linkcode WindowProxy.zoom}. */
  zoom: number;
  /** As {@linkcode WindowProxy.scaleFactor}. */
  scaleFactor: number;
  /** As {@linkcode WindowProxy.backgroundColor}. */
  backgroundColor: string;
  /** As {@linkcode WindowProxy.isDevtoolsOpen}. */
  isDevtoolsOpen: boolean;
}

/** What stands behind a proxy: native ops, page loads and closing (given by the window handle). */
export interface WindowProxyHost {
  /** Runs a named native op on this window. */
  call(name: string, args?: unknown[]): Promise<unknown>;
  /** Loads `url`; resolves when the new page's bridge is ready. */
  navigate(url: string): Promise<void>;
  /** Reloads the page; resolves when its bridge is ready again. */
  reload(): Promise<void>;
  /** Closes the window; resolves when it is gone. */
  close(): Promise<void>;
}

/** How long actions wait for the window manager to carry them out. */
const SETTLE_MS = 3000;

function assertInt(v: unknown, what: string, min: number): asserts v is number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new TypeError(`${what} must be an integer${min > 0 ? ` ≥ ${min}` : ""} (got ${v})`);
  }
}

function assertBool(v: unknown, what: string): asserts v is boolean {
  if (typeof v !== "boolean") throw new TypeError(`${what} must be true or false (got ${v})`);
}

/**
 * The native window behind a {@linkcode WindowHandle}: every action and
 * state getter. Actions that a window manager carries out (maximize,
 * minimize, fullscreen, focus, always-on-top) resolve once the new state
 * reads back, and reject with a clear error when it does not come, or when
 * no window manager runs; geometry changes (size, position) resolve once
 * the window has them, or after 3 s when the window manager constrained them
 * (read the getters for the result). Calls on a closed window reject with
 * "window … closed".
 *
 * @example
 * ```ts ignore
 * const win = await app.show("<h1>Hi</h1>");
 * await win.proxy.setSize(640, 480);
 * await win.proxy.maximize();
 * console.log(await win.proxy.isMaximized()); // true
 * ```
 */
export class WindowProxy {
  #host: WindowProxyHost;

  /**
   * Made by the window handle (`win.proxy`); not constructed directly.
   * @param host native ops, page loads and closing (provided by the window handle)
   */
  constructor(host: WindowProxyHost) {
    this.#host = host;
  }

  #call(name: string, args?: unknown[]): Promise<unknown> {
    return this.#host.call(name, args);
  }

  /** Polls `read` until `ok`; false after `timeoutMs`. */
  async #until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = SETTLE_MS) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (ok(await read())) return true;
      if (Date.now() >= end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Runs a WM-carried action, then waits for `read` to report `want`. */
  async #stateAction(
    op: string,
    args: unknown[],
    read: () => Promise<boolean>,
    want: boolean,
    what: string,
    resizes = false,
  ): Promise<void> {
    const already = await read() === want;
    const before = resizes && !already ? await this.innerSize() : undefined;
    const observable = await this.#call(op, args);
    if (!observable || already) return; // hidden: the window takes the state when shown
    if (!await this.#until(read, (v) => v === want)) {
      throw new Error(
        `${op}: the window manager did not ${what} within ${SETTLE_MS} ms`,
      );
    }
    // The state flips before the new size arrives: wait for it too, so the getters agree.
    if (before) {
      await this.#until(
        () => this.innerSize(),
        (s) => s.width !== before.width || s.height !== before.height,
        1000,
      );
    }
  }

  // --- actions --------------------------------------------------------------

  /** Sets the title. */
  async setTitle(title: string): Promise<void> {
    if (typeof title !== "string") throw new TypeError("setTitle: the title must be a string");
    await this.#call("setTitle", [title]);
  }
  /** Resizes the content area (inner size, logical pixels), within the min/max sizes. */
  async setSize(width: number, height: number): Promise<void> {
    assertInt(width, "setSize: width", 1);
    assertInt(height, "setSize: height", 1);
    const target = await this.#call("setSize", [width, height]) as Size | null;
    if (target) {
      await this.#until(
        () => this.innerSize(),
        (s) => s.width === target.width && s.height === target.height,
      );
    }
  }
  /** Sets the smallest inner size the user can resize to; `null` removes it. */
  setMinSize(width: number, height: number): Promise<void>;
  /** Removes the minimum size. */
  setMinSize(none: null): Promise<void>;
  async setMinSize(width: number | null, height?: number): Promise<void> {
    if (width !== null) {
      assertInt(width, "setMinSize: width", 1);
      assertInt(height, "setMinSize: height", 1);
    }
    await this.#call("setMinSize", [width === null ? null : { width, height }]);
  }
  /**
   * Sets the largest inner size the user (or `setSize`) can resize to. GTK 4
   * has no such API: on X11 it is a window-manager hint, so it needs a window
   * manager, and it is not possible on Wayland (both throw saying so).
   */
  setMaxSize(width: number, height: number): Promise<void>;
  /** Removes the maximum size. */
  setMaxSize(none: null): Promise<void>;
  async setMaxSize(width: number | null, height?: number): Promise<void> {
    if (width !== null) {
      assertInt(width, "setMaxSize: width", 1);
      assertInt(height, "setMaxSize: height", 1);
    }
    await this.#call("setMaxSize", [width === null ? null : { width, height }]);
  }
  /** Moves the window's outer corner (frame included) to (x, y) on the screen (X11 only). */
  async setPosition(x: number, y: number): Promise<void> {
    assertInt(x, "setPosition: x", -1_000_000);
    assertInt(y, "setPosition: y", -1_000_000);
    if (await this.#call("setPosition", [x, y])) {
      await this.#until(() => this.outerPosition(), (p) => p.x === x && p.y === y);
    }
  }
  /** Centers the window on its monitor (X11 only). */
  async center(): Promise<void> {
    const p = await this.#call("center") as Position | null;
    if (p) await this.#until(() => this.outerPosition(), (q) => q.x === p.x && q.y === p.y);
  }
  /** Maximizes the window (needs a window manager). */
  async maximize(): Promise<void> {
    await this.#stateAction(
      "maximize",
      [],
      () => this.isMaximized(),
      true,
      "maximize the window",
      true,
    );
  }
  /** Restores a maximized window. */
  async unmaximize(): Promise<void> {
    await this.#stateAction(
      "unmaximize",
      [],
      () => this.isMaximized(),
      false,
      "unmaximize the window",
      true,
    );
  }
  /** Minimizes (iconifies) the window (needs a window manager). */
  async minimize(): Promise<void> {
    await this.#stateAction("minimize", [], () => this.isMinimized(), true, "minimize the window");
  }
  /** Restores a minimized window. */
  async unminimize(): Promise<void> {
    await this.#stateAction(
      "unminimize",
      [],
      () => this.isMinimized(),
      false,
      "restore the minimized window",
    );
  }
  /** Enters (true) or leaves (false) fullscreen (needs a window manager). */
  async setFullscreen(fullscreen = true): Promise<void> {
    assertBool(fullscreen, "setFullscreen");
    await this.#stateAction(
      "setFullscreen",
      [fullscreen],
      () => this.isFullscreen(),
      fullscreen,
      fullscreen ? "make the window fullscreen" : "leave fullscreen",
      true,
    );
  }
  /** Raises the window and gives it the keyboard focus. */
  async setFocus(): Promise<void> {
    await this.#stateAction("setFocus", [], () => this.isFocused(), true, "focus the window");
  }
  /** Shows (true) or removes (false) the title bar and borders. */
  async setDecorations(decorations: boolean): Promise<void> {
    assertBool(decorations, "setDecorations");
    await this.#call("setDecorations", [decorations]);
  }
  /** Keeps the window above others (true) or not (needs an EWMH window manager; X11 only). */
  async setAlwaysOnTop(alwaysOnTop: boolean): Promise<void> {
    assertBool(alwaysOnTop, "setAlwaysOnTop");
    await this.#stateAction(
      "setAlwaysOnTop",
      [alwaysOnTop],
      () => this.isAlwaysOnTop(),
      alwaysOnTop,
      alwaysOnTop ? "keep the window on top" : "drop always-on-top",
    );
  }
  /** Whether the user may resize the window. */
  async setResizable(resizable: boolean): Promise<void> {
    assertBool(resizable, "setResizable");
    await this.#call("setResizable", [resizable]);
  }
  /**
   * The colour drawn behind the page (CSS hex: `#rgb`, `#rgba`, `#rrggbb`,
   * `#rrggbbaa`); it shows where the page itself is transparent.
   */
  async setBackgroundColor(color: string): Promise<void> {
    if (typeof color !== "string") {
      throw new TypeError("setBackgroundColor: expected a CSS hex colour");
    }
    await this.#call("setBackgroundColor", [color]);
  }
  /** Page zoom (1 = 100%): scales the page's layout as the browser's zoom does. */
  async setZoom(zoom: number): Promise<void> {
    if (typeof zoom !== "number" || !Number.isFinite(zoom) || zoom <= 0) {
      throw new TypeError(`setZoom: zoom must be a positive number (got ${zoom})`);
    }
    await this.#call("setZoom", [zoom]);
  }
  /** Loads `url` (http(s), file, data, …); resolves when the new page's bridge is ready. */
  async navigate(url: string | URL): Promise<void> {
    const text = String(url);
    try {
      new URL(text);
    } catch {
      throw new TypeError(
        `navigate: expected an absolute URL such as https://…, file:///… or data:… (got ${
          JSON.stringify(text)
        })`,
      );
    }
    await this.#host.navigate(text);
  }
  /** Reloads the page (app HTML is loaded again); resolves when it is ready. */
  async reload(): Promise<void> {
    await this.#host.reload();
  }
  /** Opens the web inspector (its own window). */
  async openDevtools(): Promise<void> {
    await this.#call("openDevtools");
  }
  /** Closes the web inspector. */
  async closeDevtools(): Promise<void> {
    await this.#call("closeDevtools");
  }
  /** Hides the window (it stays open; `window:hidden` fires). */
  async hide(): Promise<void> {
    await this.#call("setVisible", [false]);
  }
  /** Shows a hidden window and raises it, at its old position (`window:shown` fires). */
  async show(): Promise<void> {
    await this.#call("setVisible", [true]);
  }
  /** Closes the window; resolves when it is gone. */
  async close(): Promise<void> {
    await this.#host.close();
  }
  /** Asks the window to close exactly as its title bar's close button does (GTK close request). */
  async requestClose(): Promise<void> {
    await this.#call("requestClose");
  }
  /** A PNG of the page as rendered (the visible region, in device pixels). */
  async screenshot(): Promise<Uint8Array> {
    return await this.#call("screenshot") as Uint8Array;
  }

  // --- state (read from the native objects) ---------------------------------

  /** Whether the window is maximized. */
  async isMaximized(): Promise<boolean> {
    return await this.#call("isMaximized") as boolean;
  }
  /** Whether the window is minimized (iconified). */
  async isMinimized(): Promise<boolean> {
    return await this.#call("isMinimized") as boolean;
  }
  /** Whether the window is fullscreen. */
  async isFullscreen(): Promise<boolean> {
    return await this.#call("isFullscreen") as boolean;
  }
  /** Whether the window has the keyboard focus. */
  async isFocused(): Promise<boolean> {
    return await this.#call("isFocused") as boolean;
  }
  /** Whether the window is visible (not hidden; a minimized window is still visible). */
  async isVisible(): Promise<boolean> {
    return await this.#call("isVisible") as boolean;
  }
  /** Whether the window has a title bar and borders. */
  async isDecorated(): Promise<boolean> {
    return await this.#call("isDecorated") as boolean;
  }
  /** Whether the user may resize the window. */
  async isResizable(): Promise<boolean> {
    return await this.#call("isResizable") as boolean;
  }
  /** Whether the window is kept above others (read from the window manager's state). */
  async isAlwaysOnTop(): Promise<boolean> {
    return await this.#call("isAlwaysOnTop") as boolean;
  }
  /** Whether the web inspector is open. */
  async isDevtoolsOpen(): Promise<boolean> {
    return await this.#call("isDevtoolsOpen") as boolean;
  }
  /** The content area's size (the last one while hidden). */
  async innerSize(): Promise<Size> {
    return await this.#call("innerSize") as Size;
  }
  /** The size with the window manager's frame. */
  async outerSize(): Promise<Size> {
    return await this.#call("outerSize") as Size;
  }
  /** The content area's top-left corner on the screen (X11 only). */
  async innerPosition(): Promise<Position> {
    return await this.#call("innerPosition") as Position;
  }
  /** The frame's top-left corner on the screen (X11 only). */
  async outerPosition(): Promise<Position> {
    return await this.#call("outerPosition") as Position;
  }
  /** The title, read from the window. */
  async title(): Promise<string> {
    return await this.#call("title") as string;
  }
  /** The page's URL. */
  async url(): Promise<string> {
    return await this.#call("url") as string;
  }
  /** The page zoom (1 = 100%). */
  async zoom(): Promise<number> {
    return await this.#call("zoom") as number;
  }
  /** Device pixels per logical pixel (2 with `GDK_SCALE=2`). */
  async scaleFactor(): Promise<number> {
    return await this.#call("scaleFactor") as number;
  }
  /** The background colour as `#rrggbbaa`. */
  async backgroundColor(): Promise<string> {
    return await this.#call("backgroundColor") as string;
  }
  /** Every state getter at once. */
  async state(): Promise<WindowState> {
    return await this.#call("windowState") as WindowState;
  }
}
