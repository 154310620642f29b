/**
 * Pages that use @tauri-apps/api's own modules (tests/pages/tauri_core_entry.ts, bundled once
 * per test process) and a way to run a snippet in them that reports a rejection as data.
 * @module
 */

import type { WindowHandle } from "../../mod.ts";

let cached: string | undefined;

/** A `<script>` tag carrying the bundle; pages then use `window.tauriCore.<module>`. */
export async function tauriCoreScript(): Promise<string> {
  if (cached) return cached;
  const root = new URL("../../", import.meta.url).pathname;
  const out = await Deno.makeTempFile({ suffix: ".js" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--platform", "browser", "-o", out, "tests/pages/tauri_core_entry.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(`deno bundle failed: ${new TextDecoder().decode(r.stderr)}`);
  const js = await Deno.readTextFile(out);
  await Deno.remove(out);
  cached = `<script type="module">${js.replaceAll("</script", "<\\/script")}</script>`;
  return cached;
}

/**
 * What a snippet run by `tryIn` gave: its value, or the rejection's code and message. A
 * rejection with a plain string (Tauri's form for a capability refusal) has it as `tauri` (and
 * as `message`), and no code.
 */
export type Outcome =
  | { ok: true; v: unknown }
  | { ok: false; code?: string; message: string; tauri?: string };

/**
 * Runs `js` (the body of an async function; `T` is window.tauriCore) in the window once the
 * bundle has loaded, and reports a rejection as data instead of failing the evalJs.
 */
export function tryIn(win: WindowHandle, js: string, timeoutMs = 20_000): Promise<Outcome> {
  return win.evalJs(
    `(async () => {
      for (let i = 0; !window.tauriCore && i < 200; i++) await new Promise((r) => setTimeout(r, 25));
      const T = window.tauriCore;
      if (!T) return { ok: false, message: "the @tauri-apps/api bundle did not load" };
      try { return { ok: true, v: await (async () => { ${js} })() }; }
      catch (e) {
        if (typeof e === "string") return { ok: false, message: e, tauri: e };
        return { ok: false, code: e?.code, message: e?.message ?? String(e) };
      }
    })()`,
    { timeoutMs },
  ) as Promise<Outcome>;
}
