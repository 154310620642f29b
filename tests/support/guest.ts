/** Bundles Tauri's guest packages (tests/support/guest_entry.ts) once per test process. @module */

let cached: string | undefined;

/** A `<script>` tag carrying the bundle; pages then use `window.tauriGuest.<plugin>`. */
export async function guestScriptTag(): Promise<string> {
  if (cached) return cached;
  const root = new URL("../../", import.meta.url).pathname;
  const out = await Deno.makeTempFile({ suffix: ".js" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--platform", "browser", "-o", out, "tests/support/guest_entry.ts"],
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
