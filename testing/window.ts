/**
 * A window under test: real clicks, typing and key presses, page reads, waits that say what they
 * saw, and screenshots — with the same calls on native windows (X11 input through xdotool) and
 * on the browser transport (DevTools input into the kit's headless Chromium).
 * @module
 */

import type { WindowHandle } from "../app/window.ts";
import { DevtoolsPage } from "./devtools.ts";
import { devtoolsKey, parseKeys, xdotoolKey } from "./keys.ts";
import { kitChromium } from "./chromium.ts";
import { clickAt, pressKeys, typeText } from "./xtest.ts";
import { assertScreenshot, type Comparison, type ScreenshotAssertOptions } from "./pixels.ts";
import { type EventWaitOptions, waitForEvent } from "./events.ts";

export type { EventWaitOptions } from "./events.ts";

/** Options of the waits ({@linkcode TestWindow.waitFor}, and the waits inside click and type). */
export interface PageWaitOptions {
  /** How long to wait, in ms (default 10,000). */
  timeout?: number;
  /** How often to look, in ms (default 50). */
  interval?: number;
}

/** Options of {@linkcode TestWindow.type}. */
export interface TypeOptions extends PageWaitOptions {
  /**
   * Wait until the element's value (or text, for contenteditable) contains the typed text
   * (default true; turn it off for fields that transform what is typed).
   */
  verify?: boolean;
  /** Replace what the field holds (it is selected first, so the keys overwrite it). */
  replace?: boolean;
}

/** Where an element is, in CSS pixels of the page's viewport. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  innerWidth: number;
  innerHeight: number;
}

const DEFAULT_TIMEOUT = 10_000;

/** A short, one-line form of a value for error messages. */
function brief(v: unknown, max = 200): string {
  let s: string;
  try {
    s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  s = s.replace(/\s+/g, " ");
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A JavaScript expression that reads the element matching `selector` and does `body` with it. */
function withElement(selector: string, body: string): string {
  return `(() => { const el = document.querySelector(${JSON.stringify(selector)});` +
    ` if (!el) return { missing: true, title: document.title,` +
    ` body: (document.body?.innerText ?? "").slice(0, 120) }; ${body} })()`;
}

/**
 * One window driven by a test. Made by {@linkcode drive}; every method that waits has a timeout
 * and, when it runs out, an error saying what it waited for and what it saw last.
 */
export class TestWindow {
  /** The window being driven. */
  readonly window: WindowHandle;
  /** Which transport shows it: input and screenshots go through X11 or through DevTools. */
  readonly transport: "native" | "browser";
  readonly #devtools?: DevtoolsPage;

  private constructor(win: WindowHandle, transport: "native" | "browser", devtools?: DevtoolsPage) {
    this.window = win;
    this.transport = transport;
    this.#devtools = devtools;
    win.closed.then(() => devtools?.close(), () => devtools?.close());
  }

  /** Made by {@linkcode drive}. */
  static async create(win: WindowHandle): Promise<TestWindow> {
    // The browser transport answers native-only calls with an error that says so.
    const native = await win.proxy.scaleFactor().then(
      () => true,
      (e) => {
        if (e instanceof Error && e.message.includes("native windows only")) return false;
        throw e;
      },
    );
    if (native) return new TestWindow(win, "native");
    const chromium = kitChromium();
    if (!chromium) {
      throw new Error(
        `window "${win.label}" is a browser-transport page that the test kit did not open: call ` +
          "useBrowserTransport() from @panes/panes/testing at the top of the test file, so pages " +
          "open in the kit's headless Chromium, which it can send real input to",
      );
    }
    const href = await win.evalJs<string>("location.href");
    return new TestWindow(win, "browser", await DevtoolsPage.connect(chromium.port, href));
  }

  /** Evaluates `script` in the page (as {@linkcode WindowHandle.evalJs}). */
  evalJs<T = unknown>(script: string): Promise<T> {
    return this.window.evalJs<T>(script);
  }

  /**
   * Waits until `target` holds in the page and resolves with what it found: a string is a CSS
   * selector (resolves once an element matches, with its text); a function is a predicate run in
   * the page (its source is sent, so it cannot use the test's variables) and resolves with its
   * first truthy value.
   */
  async waitFor<T = unknown>(
    target: string | (() => T),
    options: PageWaitOptions = {},
  ): Promise<T> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    const interval = options.interval ?? 50;
    let script: string, what: string;
    if (typeof target === "string") {
      script = withElement(target, "return { found: el.innerText ?? el.textContent };");
      what = `an element matching ${JSON.stringify(target)}`;
    } else if (typeof target === "function") {
      const source = target.toString();
      script = `(${source})()`;
      what = `the page predicate \`${source.replace(/\s+/g, " ").slice(0, 160)}\` to be truthy`;
    } else {
      throw new TypeError("waitFor: give a CSS selector (string) or a predicate (function)");
    }
    const deadline = performance.now() + timeout;
    let last = "nothing (the page never answered)";
    for (;;) {
      try {
        const v = await this.window.evalJs<unknown>(script, {
          timeoutMs: Math.max(500, deadline - performance.now()),
        });
        if (typeof target === "string") {
          const r = v as { found?: string; missing?: boolean; title?: string; body?: string };
          if (!r.missing) return r.found as T;
          last = `no element matches (page title ${brief(r.title)}, text ${brief(r.body, 120)})`;
        } else {
          if (v) return v as T;
          last = brief(v);
        }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        // A selector that cannot parse never matches: say so now rather than at the deadline.
        if (typeof target === "string" && /not a valid selector/i.test(message)) {
          throw new TypeError(`${JSON.stringify(target)} is not a valid CSS selector`);
        }
        last = `an error: ${message}`;
      }
      if (performance.now() >= deadline || this.window.isClosed) break;
      await new Promise((r) => setTimeout(r, interval));
    }
    throw new Error(
      `timed out after ${timeout} ms waiting for ${what} in window "${this.window.label}"` +
        `${this.window.isClosed ? " (the window closed)" : ""}; last saw ${last}`,
    );
  }

  /** The element's text as shown (`innerText`); for inputs, textareas and selects, the value. */
  async text(selector: string): Promise<string> {
    const r = await this.window.evalJs<{ text?: string; missing?: boolean }>(withElement(
      selector,
      `return { text: ("value" in el && typeof el.value === "string" && el.tagName !== "BUTTON")` +
        ` ? el.value : (el.innerText ?? el.textContent) };`,
    ));
    if (r.missing) {
      throw new Error(
        `text: no element matches ${JSON.stringify(selector)} in "${this.window.label}"`,
      );
    }
    return r.text ?? "";
  }

  /** Waits for the element, scrolls it into view and finds its centre. */
  async #locate(selector: string, options: PageWaitOptions): Promise<Box> {
    await this.waitFor(selector, options);
    const box = await this.window.evalJs<Box & { missing?: boolean }>(withElement(
      selector,
      `el.scrollIntoView({ block: "center", inline: "center" }); const r = el.getBoundingClientRect();` +
        ` return { x: r.left + r.width / 2, y: r.top + r.height / 2, width: r.width,` +
        ` height: r.height, innerWidth, innerHeight };`,
    ));
    if (box.missing) throw new Error(`no element matches ${JSON.stringify(selector)} any more`);
    if (box.width === 0 || box.height === 0) {
      throw new Error(`the element matching ${JSON.stringify(selector)} has no size: not visible`);
    }
    if (box.x < 0 || box.y < 0 || box.x >= box.innerWidth || box.y >= box.innerHeight) {
      throw new Error(
        `the element matching ${JSON.stringify(selector)} is outside the window's page ` +
          `(${brief(box)}): make the window larger`,
      );
    }
    return box;
  }

  /** Raises and focuses the native window, so the pointer and keys reach it and not another. */
  async #focus(timeout = 5000): Promise<void> {
    if (this.transport !== "native") return;
    const end = performance.now() + timeout;
    await this.window.setFocus();
    while (!(await this.window.proxy.isFocused())) {
      if (performance.now() > end) {
        throw new Error(
          `timed out after ${timeout} ms waiting for window "${this.window.label}" to get the ` +
            "keyboard focus (is a window manager running? useVirtualDisplay() starts openbox)",
        );
      }
      await new Promise((r) => setTimeout(r, 50));
      await this.window.setFocus();
    }
  }

  /**
   * Clicks the centre of the element matching `selector` with a real pointer event (waiting for
   * the element first, up to the timeout).
   */
  async click(selector: string, options: PageWaitOptions = {}): Promise<void> {
    await this.#focus();
    const box = await this.#locate(selector, options);
    if (this.#devtools) return await this.#devtools.click(box.x, box.y);
    const s = await this.window.proxy.state();
    if (!s.innerPosition) throw new Error("click: this display cannot tell where the window is");
    // The page may sit below a menu bar: the view is the bottom part of the window.
    const zoom = s.zoom || 1;
    const viewTop = Math.max(0, s.innerSize.height - box.innerHeight * zoom);
    const scale = s.scaleFactor || 1;
    // The X server has the click when clickAt returns, the page not yet (GTK reads it, WebKit
    // carries it to the web process): what the caller does next (a script that moves the caret,
    // say) could reach the page first and be undone by the click. So click() returns once the page
    // has seen its mouseup, counted by a listener of the kit's own.
    const seen = `const c = (window.__panesKitMouseups ??= { n: 0 });` +
      ` if (!c.on) { c.on = true; addEventListener("mouseup", () => c.n++, true); }` +
      ` return { n: c.n };`;
    const before = (await this.window.evalJs<{ n: number }>(`(() => { ${seen} })()`)).n;
    await clickAt(
      (s.innerPosition.x + box.x * zoom) * scale,
      (s.innerPosition.y + viewTop + box.y * zoom) * scale,
    );
    await this.#until(`(() => { ${seen} })()`, (r) => Number(r.n) > before, {
      what: `the page to receive the click on ${JSON.stringify(selector)}`,
      timeout: options.timeout ?? 5000,
    });
  }

  /**
   * Clicks the element matching `selector` and types `text` into it with real key events
   * (characters outside the keyboard layout too: "é", "日本") at the end of what it holds (or
   * over it, with `replace`), then waits until the element holds the text (see
   * {@linkcode TypeOptions.verify}).
   */
  async type(selector: string, text: string, options: TypeOptions = {}): Promise<void> {
    if (typeof text !== "string") throw new TypeError("type: the text must be a string");
    await this.click(selector, options);
    // The click gives the element the focus; keys sent before that would go elsewhere.
    const focused = withElement(
      selector,
      "return { focused: el === document.activeElement || el.contains(document.activeElement) };",
    );
    await this.#until(focused, (r) => r.focused === true, {
      what: `${JSON.stringify(selector)} to have the keyboard focus after the click`,
      timeout: options.timeout ?? 5000,
    });
    // The click put the caret where it landed; typing goes at the end, as a user adding text,
    // or over the whole content with `replace`.
    await this.window.evalJs(withElement(
      selector,
      options.replace
        ? `if (typeof el.select === "function") el.select();` +
          ` else if (el.isContentEditable) getSelection().selectAllChildren(el); return {};`
        : `if (typeof el.setSelectionRange === "function" && typeof el.value === "string") {` +
          ` try { el.setSelectionRange(el.value.length, el.value.length); } catch {} }` +
          ` else if (el.isContentEditable) { const r = document.createRange();` +
          ` r.selectNodeContents(el); r.collapse(false); const s = getSelection();` +
          ` s.removeAllRanges(); s.addRange(r); } return {};`,
    ));
    if (this.#devtools) {
      for (const ch of text) {
        // Keyboard characters as key events (keydown, keypress, input); the rest as an input
        // method commits them.
        if (/^[\x20-\x7e\n]$/.test(ch)) {
          const name = ch === "\n" ? "Enter" : ch === " " ? "Space" : ch === "+" ? "Plus" : ch;
          await this.#devtools.key(devtoolsKey(parseKeys(name)));
        } else await this.#devtools.insertText(ch);
      }
    } else {
      await typeText(text);
    }
    if (options.verify === false) return;
    const holds = withElement(
      selector,
      `return { v: "value" in el && typeof el.value === "string" ? el.value : el.innerText };`,
    );
    await this.#until(holds, (r) => typeof r.v === "string" && r.v.includes(text), {
      what: `${JSON.stringify(selector)} to hold the typed text ${brief(text)}`,
      timeout: options.timeout ?? DEFAULT_TIMEOUT,
    });
  }

  /** Evaluates `script` until `accept` holds for its value; the timeout error names `what`. */
  async #until<R extends Record<string, unknown>>(
    script: string,
    accept: (r: R) => boolean,
    o: { what: string; timeout: number },
  ): Promise<R> {
    const deadline = performance.now() + o.timeout;
    let last = "nothing (the page never answered)";
    for (;;) {
      try {
        const r = await this.window.evalJs<R>(script, {
          timeoutMs: Math.max(500, deadline - performance.now()),
        });
        if (accept(r)) return r;
        last = brief(r);
      } catch (e) {
        last = `an error: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (performance.now() >= deadline || this.window.isClosed) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `timed out after ${o.timeout} ms waiting for ${o.what} in window "${this.window.label}"; ` +
        `last saw ${last}`,
    );
  }

  /**
   * Presses key combinations one after another, as real key events to the focused window:
   * `press("Ctrl+S")`, `press("Tab", "Enter")`. On native windows they go through GTK first, so
   * menu accelerators and shortcuts fire as for a user.
   */
  async press(...keys: string[]): Promise<void> {
    if (keys.length === 0) throw new TypeError("press: give at least one key combination");
    const combos = keys.map(parseKeys); // all checked before any is sent
    if (this.#devtools) {
      for (const c of combos) await this.#devtools.key(devtoolsKey(c));
      return;
    }
    await this.#focus();
    await pressKeys(...combos.map(xdotoolKey));
  }

  /**
   * Resolves with the data of the next event `name` from this window's page (that passes
   * `where`). Start it before the action that causes the event, await it after:
   * `const saved = w.waitForEvent("app:saved"); await w.press("Ctrl+S"); await saved;`
   */
  waitForEvent<T = unknown>(name: string, options: EventWaitOptions<T> = {}): Promise<T> {
    return waitForEvent(this.window, name, options);
  }

  /** A PNG of the page as shown (WebKit's snapshot on native windows, DevTools in Chromium). */
  screenshot(): Promise<Uint8Array> {
    return this.#devtools ? this.#devtools.screenshot() : this.window.screenshot();
  }

  /**
   * Takes a screenshot and compares it (or `options.region` of it) with the PNG saved at
   * `expectedPath`; on a mismatch writes `.diff.png` and `.actual.png` beside it and throws
   * (see {@linkcode assertScreenshot}).
   */
  async assertScreenshot(
    expectedPath: string | URL,
    options: ScreenshotAssertOptions = {},
  ): Promise<Comparison> {
    return await assertScreenshot(await this.screenshot(), expectedPath, options);
  }
}

/**
 * Wraps an open window for a test: `const w = await drive(await app.show(page))`. Works on both
 * transports; for the browser transport, call `useBrowserTransport()` first.
 */
export function drive(win: WindowHandle): Promise<TestWindow> {
  return TestWindow.create(win);
}
