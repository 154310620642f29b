/**
 * Hot reload of an {@linkcode HtmlContent}'s files: their folders are
 * watched (editors that save by rename still fire), changes are debounced,
 * a changed CSS file is injected into the live page (its state survives),
 * and a changed script reloads the page and scrolls back to where it was.
 * @module
 */

import { cssIdFor, type HtmlContent } from "./html_content.ts";

/** What a watcher acts on: one window. */
export interface HotReloadTarget {
  /** The window's label (for messages). */
  label: string;
  /** Replaces the `<style>` with this id in the live page. */
  injectCss(css: string, id: string): void;
  /** Loads `content` again; resolves when the new page is ready. */
  reload(content: HtmlContent): Promise<void>;
  /** Evaluates in the page. */
  evalJs<T>(script: string, options?: { timeoutMs?: number }): Promise<T>;
}

/** Options for {@linkcode HotReloader}. */
export interface HotReloadOptions {
  /** Quiet time before acting on a burst of changes (default 100 ms). */
  debounceMs?: number;
  /** Called after each applied change (for logs and tests). */
  onApplied?: (kind: "css" | "script", files: string[]) => void;
}

function absolute(path: string): string {
  const full = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  const out: string[] = [];
  for (const part of full.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

function split(path: string): [string, string] {
  const i = path.lastIndexOf("/");
  return [path.slice(0, i) || "/", path.slice(i + 1)];
}

/** Watches one content's CSS and script files for one window. */
export class HotReloader {
  /** The content being watched. */
  readonly content: HtmlContent;
  #target: HotReloadTarget;
  #debounceMs: number;
  #onApplied: HotReloadOptions["onApplied"];
  /** Every name a watched file may be reported under → the path as the content gives it. */
  #byPath = new Map<string, string>();
  #css: Set<string>;
  #watcher: Deno.FsWatcher | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = new Set<string>();
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(content: HtmlContent, target: HotReloadTarget, options: HotReloadOptions = {}) {
    this.content = content;
    this.#target = target;
    this.#debounceMs = options.debounceMs ?? 100;
    this.#onApplied = options.onApplied;
    this.#css = new Set(content.options.cssFiles ?? []);
  }

  /** Starts watching (the files' folders must exist). */
  start(): void {
    const dirs = new Set<string>();
    for (const file of this.content.files) {
      const abs = absolute(file);
      const [dir, base] = split(abs);
      this.#byPath.set(abs, file);
      let real = dir;
      try {
        real = Deno.realPathSync(dir);
      } catch (e) {
        throw new Error(`hot reload: cannot watch ${file}: ${(e as Error).message}`, { cause: e });
      }
      this.#byPath.set(`${real}/${base}`, file);
      dirs.add(real);
    }
    if (dirs.size === 0) return;
    const watcher = Deno.watchFs([...dirs], { recursive: false });
    this.#watcher = watcher;
    (async () => {
      for await (const ev of watcher) {
        if (ev.kind === "access" || this.#stopped) continue;
        for (const p of ev.paths) {
          const file = this.#byPath.get(p);
          if (file !== undefined) this.#pending.add(file);
        }
        if (this.#pending.size) this.#schedule();
      }
    })().catch((e) => {
      if (!this.#stopped) {
        console.warn(`panes: hot reload for "${this.#target.label}" stopped: ${e}`);
      }
    });
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const files = [...this.#pending];
      this.#pending.clear();
      this.#chain = this.#chain.then(() => this.#apply(files)).catch((e) => {
        if (!this.#stopped) {
          console.error(`panes: hot reload of window "${this.#target.label}" failed:`, e);
        }
      });
    }, this.#debounceMs);
  }

  async #apply(files: string[]): Promise<void> {
    if (this.#stopped) return;
    const scripts = files.filter((f) => !this.#css.has(f));
    if (scripts.length) return await this.#reloadKeepingScroll(files);
    for (const file of files) {
      let css: string;
      try {
        css = await Deno.readTextFile(file);
      } catch (e) {
        // Mid-save (renamed away): the next event brings the new file.
        console.warn(`panes: hot reload: cannot read ${file}: ${(e as Error).message}`);
        continue;
      }
      if (this.#stopped) return;
      this.#target.injectCss(css, cssIdFor(file));
    }
    this.#onApplied?.("css", files);
  }

  async #reloadKeepingScroll(files: string[]): Promise<void> {
    let at: [number, number] = [0, 0];
    try {
      at = await this.#target.evalJs<[number, number]>("[scrollX, scrollY]", { timeoutMs: 5000 });
    } catch { /* a page that does not answer starts at the top */ }
    if (this.#stopped) return;
    await this.#target.reload(this.content);
    if (this.#stopped) return;
    // Scroll once layout is complete, or the page may still be too short to get there.
    await this.#target.evalJs(
      `new Promise((done) => { const go = () => { scrollTo(${at[0]}, ${at[1]}); ` +
        `requestAnimationFrame(() => done([scrollX, scrollY])); }; ` +
        `document.readyState === "complete" ? go() : addEventListener("load", go, { once: true }); })`,
      { timeoutMs: 10_000 },
    );
    this.#onApplied?.("script", files);
  }

  /** Stops watching; pending changes are dropped. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    try {
      this.#watcher?.close();
    } catch { /* already closed */ }
  }

  /** Whether `stop()` was called. */
  get stopped(): boolean {
    return this.#stopped;
  }
}
