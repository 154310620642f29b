/** Bundles Tauri's guest packages (tests/support/guest_entry.ts) once per test process. @module */

const cache = new Map<string, string>();

/**
 * A `<script>` tag carrying the bundle of `entry` (default: tests/support/guest_entry.ts); pages
 * then use `window.tauriGuest.<plugin>`.
 */
export async function guestScriptTag(entry = "tests/support/guest_entry.ts"): Promise<string> {
  const cached = cache.get(entry);
  if (cached) return cached;
  const root = new URL("../../", import.meta.url).pathname;
  const out = await Deno.makeTempFile({ suffix: ".js" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--platform", "browser", "-o", out, entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(`deno bundle failed: ${new TextDecoder().decode(r.stderr)}`);
  const js = await Deno.readTextFile(out);
  await Deno.remove(out);
  const tag = `<script type="module">${js.replaceAll("</script", "<\\/script")}</script>`;
  cache.set(entry, tag);
  return tag;
}
