/**
 * Plugins under a capability file: dialog, clipboard, notification, fs and
 * store, called from the page through `panes.<plugin>` (no bundler).
 * The plugins and what the window may do with them are in plugins.jsonc.
 *
 *   deno run -A examples/plugins.ts
 * @module
 */

import { App } from "../mod.ts";

const html = `<!doctype html>
<style>body{font:14px system-ui;margin:16px} button{margin:4px} #out{white-space:pre-wrap;margin-top:12px}</style>
<h3>panes plugins</h3>
<textarea id=note rows=4 cols=50>A note from panes.</textarea><br>
<button id=save>Save note (fs)</button>
<button id=copy>Copy (clipboard)</button>
<button id=notify>Notify</button>
<button id=count>Count launches (store)</button>
<button id=secret>Write a secret (denied)</button>
<div id=out></div>
<script>
const out = (s) => document.getElementById("out").textContent = s;
const $ = (id) => document.getElementById(id);
// panes.<plugin> rejects as Tauri's guest packages do: with a plain string.
const report = (p) => p.then((v) => out("ok " + (v ?? "")), (e) => out("refused: " + e));
const home = ${JSON.stringify(Deno.env.get("HOME") ?? "/tmp")};
$("save").onclick = () => report((async () => {
  await panes.fs.mkdir(home + "/panes-notes", { recursive: true }).catch(() => {});
  const path = await panes.dialog.save({ title: "Save the note", defaultPath: home + "/panes-notes/note.txt" });
  if (!path) return "cancelled";
  await panes.fs.writeTextFile(path, $("note").value);
  return "saved to " + path;
})());
$("copy").onclick = () => report(panes.clipboard.writeText($("note").value).then(() => "copied"));
$("notify").onclick = () => report(panes.notification.sendNotification({ title: "panes", body: $("note").value }));
$("count").onclick = () => report((async () => {
  const s = await panes.store.load("settings.json");
  const n = ((await s.get("clicks")) ?? 0) + 1;
  await s.set("clicks", n);
  return "clicked " + n + " times (kept across runs)";
})());
$("secret").onclick = () => report(panes.fs.writeTextFile(home + "/panes-notes/secret/x.txt", "nope"));
</script>`;

await using app = new App({ config: new URL("./plugins.jsonc", import.meta.url).pathname });
await app.show(html, { label: "main" });
await app.run();
