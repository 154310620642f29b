/**
 * Two editor windows, each with its logic in a Deno Worker of its own (docs/workers.md): the page's
 * `panes.invoke` reaches the window's worker, which may read and write only the notes folder.
 *
 *   deno run -A --unstable-worker-options examples/worker_window.ts
 *
 * Without `--unstable-worker-options` the workers run with the process's permissions (Deno needs
 * the flag for per-Worker permissions) and the example says so. With PANES_EXAMPLE_AUTORUN=1 it
 * drives the pages itself, prints what they show and exits.
 */
import { App, workerPermissionsAvailable } from "../mod.ts";

const html = `<!doctype html><meta charset="utf-8">
<style>body { font: 15px system-ui; padding: 16px; } textarea { width: 100%; height: 8em; }</style>
<h3 id="who">Notes</h3>
<select id="notes"></select> <button id="save">Save</button> <button id="peek">Read /etc/hostname</button>
<textarea id="text"></textarea>
<p id="status">…</p>
<script>
  const $ = (id) => document.getElementById(id);
  async function refresh() {
    const names = await panes.invoke("list");
    $("notes").innerHTML = names.map((n) => "<option>" + n + "</option>").join("");
    $("text").value = names.length ? await panes.invoke("load", names[0]) : "";
  }
  $("notes").onchange = async () => $("text").value = await panes.invoke("load", $("notes").value);
  $("save").onclick = async () => {
    const n = await panes.invoke("save", { name: $("notes").value || "new.md", text: $("text").value });
    $("status").textContent = "saved (" + n + " this window)";
  };
  $("peek").onclick = () => panes.invoke("peek").then(
    (t) => $("status").textContent = "read: " + t.trim(),
    (e) => $("status").textContent = "refused: " + e.message,
  );
  panes.on("app:saved", (d) => $("status").textContent = d.by + " saved " + d.name);
  refresh();
</script>`;

const notes = new URL("./worker_window/notes/", import.meta.url).pathname;
const worker = new URL("./worker_window/editor.ts", import.meta.url);
const permissions = workerPermissionsAvailable()
  ? { read: [notes], write: [notes], net: false, env: false, run: false, ffi: false }
  : undefined;
if (!permissions) {
  console.log(
    "note: run with --unstable-worker-options to give each window's worker only its notes folder",
  );
}

await using app = new App();
app.on("window:worker-error", (e) => console.error("a window's worker crashed:", e));
const [left, right] = await Promise.all(
  ["left", "right"].map((label) =>
    app.show(html, { label, title: label, width: 520, height: 360, worker, permissions })
  ),
);

if (Deno.env.get("PANES_EXAMPLE_AUTORUN")) {
  const run = (win: typeof left, js: string) =>
    win.evalJs(`(async () => { ${js} })()`, { timeoutMs: 30_000 });
  console.log("notes:", JSON.stringify(await run(left, `return await panes.invoke("list")`)));
  const text = await run(left, `return await panes.invoke("load", "welcome.md")`) as string;
  console.log("welcome.md:", text.split("\n")[0]);
  // Saving in the left window: the right window hears of it through an app event.
  const heard = run(
    right,
    `return await new Promise((r) => panes.on("app:saved", (d) => r(d.by + " saved " + d.name)))`,
  );
  await new Promise((r) => setTimeout(r, 100));
  await run(left, `return await panes.invoke("save", { name: "scratch.md", text: "hi" })`);
  console.log("right window heard:", await heard);
  console.log("left title:", await left.proxy.title());
  await run(left, `return await panes.invoke("remove", "scratch.md")`);
  console.log(
    "peek:",
    await run(
      right,
      `try { return "read " + (await panes.invoke("peek")).trim(); } catch (e) { return "refused: " + e.message; }`,
    ),
  );
} else {
  await app.run();
}
