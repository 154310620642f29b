/**
 * `open_tab.ts <devtools-port> <url>`: opens `url` as a new tab of a running
 * Chromium (the browser command the browser-transport tests give panes).
 * @module
 */

const [port, url] = Deno.args;
if (!port || !url) {
  console.error("usage: open_tab.ts <devtools-port> <url>");
  Deno.exit(2);
}
const r = await fetch(`http://127.0.0.1:${port}/json/new?${url}`, { method: "PUT" });
await r.body?.cancel();
if (!r.ok) {
  console.error(`open_tab: Chromium answered ${r.status}`);
  Deno.exit(1);
}
