/**
 * The main isolate's side of UI-thread commands (`AppOptions.uiCommands`, ffi/ui/ui_commands.ts):
 * loads the module where the transport runs pages (the UI thread for native windows; this
 * isolate for the browser transport), tells each new page's window which of them that page may
 * call, and runs a call that reached main anyway (before its grant, with a binary body).
 * @module
 */

import type { InvokeAnswer, InvokeRequest } from "../bridge/peer.ts";
import { loadUiCommands, runUiCommand } from "../ffi/ui/ui_commands.ts";
import type { Transport, WindowPort } from "../transports/transport.ts";

/** An app's UI-thread commands. */
export class UiCommands {
  readonly #url: string;
  readonly #debug: boolean;
  #names: ReadonlySet<string> = new Set();
  #loaded: Promise<void> | undefined;
  /** The transport runs them itself (native: on the UI thread); else this isolate does. */
  #remote = false;

  constructor(url: string | URL, debug: boolean) {
    this.#url = new URL(url, `file://${Deno.cwd()}/`).href;
    this.#debug = debug;
  }

  /** Loads the module once, where `transport` runs pages; a name the app's commands use too is an error. */
  load(transport: Transport, appCommands: readonly string[]): Promise<void> {
    return this.#loaded ??= (async () => {
      const names = transport.loadUiCommands
        ? await transport.loadUiCommands(this.#url)
        : await loadUiCommands(this.#url);
      this.#remote = transport.loadUiCommands !== undefined;
      const clash = names.filter((n) => appCommands.includes(n));
      if (clash.length) {
        throw new Error(
          `uiCommands ${this.#url}: ${clash.join(", ")} ${
            clash.length > 1 ? "are" : "is"
          } also an app command (one name, one handler)`,
        );
      }
      this.#names = new Set(names);
    })();
  }

  /** The command names (empty until loaded). */
  get names(): string[] {
    return [...this.#names];
  }

  /** Whether `name` is one of them. */
  has(name: string): boolean {
    return this.#names.has(name);
  }

  /** Runs a call that reached main: on the UI thread through the window's port, or here. */
  async run(port: WindowPort, label: string, req: InvokeRequest): Promise<InvokeAnswer> {
    let body = req.body;
    if (body instanceof Uint8Array) {
      try {
        body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
      } catch {
        return {
          ok: false,
          error: { message: `${req.cmd} expects a JSON body`, code: "invalid-body" },
        };
      }
    }
    const r = this.#remote
      ? await port.call("uiCommand", [req.cmd, body, this.#debug, label]) as ReturnType<
        typeof runUiCommand
      >
      : runUiCommand(req.cmd, body, label, this.#debug);
    return r.ok ? { ok: true, value: r.v } : { ok: false, error: r.err };
  }

  /** Tells the window which of them the page now at `url` may call (`allowed` decides). */
  grant(port: WindowPort, url: string, label: string, allowed: (name: string) => boolean): void {
    if (!this.#remote || !port.grantUiCommands) return;
    const names = this.names.filter(allowed);
    // None: the UI thread keeps no grants and sends every call to main, where it is refused.
    if (names.length) port.grantUiCommands(url, names, this.#debug, label);
  }
}
