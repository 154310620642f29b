/**
 * PyWry's protocol in panes: buttons in the page emit events to Deno, and
 * Deno answers with built-in events (set-content, a toast, a theme switch).
 *
 *   deno run -A examples/protocol.ts
 *
 * With PANES_EXAMPLE_AUTORUN=1 it presses the buttons itself, prints what
 * the page shows and exits.
 */
import { App } from "../mod.ts";

const html = `<!doctype html><meta charset="utf-8">
<style>
  html.dark body { background: #111827; color: #f9fafb; }
  html.light body { background: #f9fafb; color: #111827; }
  body { font: 16px system-ui; padding: 24px; }
</style>
<h2 id="status">Press a button</h2>
<button id="count">Count</button>
<button id="toast">Toast</button>
<button id="theme">Switch theme</button>
<script>
  let n = 0;
  document.getElementById("count").onclick = () => pywry.emit("app:count", { n: ++n });
  document.getElementById("toast").onclick = () => pywry.emit("app:toast", {});
  document.getElementById("theme").onclick = () =>
    pywry.emit("app:theme", { current: document.documentElement.dataset.theme });
</script>`;

await using app = new App({ theme: "light" });
const win = await app.show(html, {
  title: "panes: protocol",
  width: 520,
  height: 320,
  label: "main",
});

win.on("app:count", (data) => {
  const { n } = data as { n: number };
  win.emit("panes:set-content", {
    id: "status",
    text: `Deno counted ${n} click${n === 1 ? "" : "s"}`,
  });
});
win.on("app:toast", () => win.emit("panes:alert", { message: "Hello from Deno", type: "success" }));
win.on("app:theme", (data) => {
  const next = (data as { current: string }).current === "dark" ? "light" : "dark";
  win.emit("panes:update-theme", { theme: next });
});
win.on("window:*", (data, type) => console.log(type, data));

if (Deno.env.get("PANES_EXAMPLE_AUTORUN")) {
  for (const id of ["count", "count", "toast", "theme"]) {
    await win.evalJs(`document.getElementById("${id}").click()`);
    await new Promise((r) => setTimeout(r, 150));
  }
  console.log(
    "page shows:",
    JSON.stringify(
      await win.evalJs(
        `[document.getElementById("status").textContent, document.documentElement.dataset.theme,
        document.getElementById("panes-toasts")?.shadowRoot.querySelector(".toast")?.textContent ?? null]`,
      ),
    ),
  );
} else {
  await app.run();
}
