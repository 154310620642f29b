/**
 * A headless Chromium for browser-transport tests: one per test process, started with a fresh
 * profile, its tabs opened through the DevTools HTTP endpoint, ended when the process exits —
 * however it ends: Chromium runs tied to the test process (`transports/browser/process.ts`), so a
 * test process that is killed takes its Chromium with it. Nothing starts at import.
 * @module
 */

import { spawnTied, type TiedProcess } from "../transports/browser/process.ts";

/** The flags every headless Chromium here needs (the closed network breaks it otherwise). */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--window-size=400,300",
];

/** Where Debian puts Chromium (`PANES_TEST_CHROMIUM` names another binary for the kit). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** The Chromium the kit starts: `PANES_TEST_CHROMIUM`, else Debian's. */
function chromiumPath(): string {
  return Deno.env.get("PANES_TEST_CHROMIUM") || CHROMIUM_PATH;
}

/** One running headless Chromium. */
export class HeadlessChromium {
  /** The DevTools HTTP port. */
  readonly port: number;
  /** Its profile folder (unique: every process of this Chromium has it in its command line). */
  readonly profile: string;
  readonly #child: TiedProcess;

  private constructor(child: TiedProcess, port: number, profile: string) {
    this.#child = child;
    this.port = port;
    this.profile = profile;
  }

  /** Starts Chromium (fresh profile, DevTools on a free port, one blank tab kept open). */
  static async start(): Promise<HeadlessChromium> {
    const path = chromiumPath();
    try {
      Deno.statSync(path);
    } catch {
      throw new Error(
        `the browser transport's tests need Chromium at ${path} ` +
          "(Debian/Ubuntu: `apt-get install -y chromium`; or set PANES_TEST_CHROMIUM to its path)",
      );
    }
    const profile = await Deno.makeTempDir({ prefix: "panes-chromium-" });
    const child = spawnTied(path, [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ]);
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      try {
        const port = Number(
          (await Deno.readTextFile(`${profile}/DevToolsActivePort`)).split("\n")[0],
        );
        if (port > 0) return new HeadlessChromium(child, port, profile);
      } catch { /* not written yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    await child.end(0);
    throw new Error("headless Chromium did not start within 30 s");
  }

  /** Opens `url` in a new tab; resolves with the tab's id. */
  async open(url: string): Promise<string> {
    const r = await fetch(`http://127.0.0.1:${this.port}/json/new?${url}`, { method: "PUT" });
    if (!r.ok) throw new Error(`Chromium refused to open ${url}: ${r.status} ${await r.text()}`);
    return (await r.json()).id;
  }

  /** The open tabs. */
  async tabs(): Promise<Array<{ id: string; url: string; type: string }>> {
    const r = await fetch(`http://127.0.0.1:${this.port}/json/list`);
    return (await r.json() as Array<{ id: string; url: string; type: string }>)
      .filter((t) => t.type === "page");
  }

  /** Closes a tab as a user would. */
  async closeTab(id: string): Promise<void> {
    await (await fetch(`http://127.0.0.1:${this.port}/json/close/${id}`)).text();
  }

  /** Ends Chromium and removes its profile. */
  async stop(): Promise<void> {
    await this.#child.end();
    this.killNow(); // stragglers, and the profile
  }

  /** Ends Chromium right away (for `unload`, which cannot wait). */
  killNow(): void {
    // Chromium's helpers (the network service writes the cache index as it ends) outlive the
    // browser process briefly: end every process of this profile, then remove the profile.
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < 100; i++) {
      const pids = processesOf(this.profile);
      if (pids.length === 0) break;
      for (const pid of pids) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* ended meanwhile */ }
      }
      Atomics.wait(nap, 0, 0, 20);
    }
    try {
      Deno.removeSync(this.profile, { recursive: true });
    } catch { /* gone */ }
  }
}

/** Live (not zombie) processes whose command line mentions `text`. */
export function processesOf(text: string): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      if (!Deno.readTextFileSync(`/proc/${e.name}/cmdline`).includes(text)) continue;
      const state = Deno.readTextFileSync(`/proc/${e.name}/stat`).split(") ")[1]?.[0];
      if (state !== "Z") pids.push(Number(e.name));
    } catch { /* ended meanwhile */ }
  }
  return pids;
}

/**
 * Waits until no process uses `profile` (a browser panes started ends with its app; its helpers
 * a little later), then removes it. Resolves false if some were still running after `timeoutMs`
 * (those are then killed).
 */
export async function removeProfile(profile: string, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  let clean = true;
  while (processesOf(profile).length > 0) {
    if (Date.now() > end) {
      clean = false;
      for (const pid of processesOf(profile)) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* ended meanwhile */ }
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await Deno.remove(profile, { recursive: true }).catch(() => {});
  return clean;
}

let shared: Promise<HeadlessChromium> | undefined;
let started: HeadlessChromium | undefined;

/** This process's Chromium, started on first use and ended when the process exits. */
export function sharedChromium(): Promise<HeadlessChromium> {
  shared ??= HeadlessChromium.start().then((c) => {
    globalThis.addEventListener("unload", () => c.killNow());
    started = c;
    return c;
  });
  return shared;
}

/** This process's Chromium if {@linkcode sharedChromium} started it (for the kit's input). */
export function kitChromium(): HeadlessChromium | undefined {
  return started;
}

/**
 * The browser command given to panes: a `deno eval` that opens its URL argument as a new tab of
 * the Chromium on `port` (through the DevTools endpoint). A one-liner rather than a script file,
 * so it works the same when this module is imported from JSR or a URL.
 */
function openerCommand(port: number): string {
  const code =
    `const r = await fetch("http://127.0.0.1:${port}/json/new?" + Deno.args[0], { method: "PUT" });` +
    `await r.body?.cancel(); if (!r.ok) { console.error("open tab: Chromium answered " + r.status); Deno.exit(1); }`;
  return `"${Deno.execPath()}" eval --quiet '${code}'`;
}

/**
 * Makes every `new App()` in this process use the browser transport through the environment, as
 * a user would (`PANES_TRANSPORT`, `PANES_BROWSER`): each page opens as a tab of this process's
 * headless Chromium. Call it at the top of a test file, before any `new App()`.
 */
export async function useBrowserTransport(): Promise<HeadlessChromium> {
  const chromium = await sharedChromium();
  Deno.env.set("PANES_TRANSPORT", "browser");
  Deno.env.set("PANES_BROWSER", openerCommand(chromium.port));
  return chromium;
}
