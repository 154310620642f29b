/**
 * `browser_child.ts <browser command line> <graceMs>`: a panes app on the
 * browser transport that opens one page with that command, prints
 * `ready <the page's clean URL>` once the page is up, and runs until it is
 * killed (the tests kill it with SIGKILL: no cleanup of its own runs).
 * @module
 */

import { App } from "../../mod.ts";

const [browser, graceMs] = Deno.args;
if (!browser || !graceMs) {
  console.error("usage: browser_child.ts <browser command line> <graceMs>");
  Deno.exit(2);
}
const app = new App({ transport: "browser", browser, graceMs: Number(graceMs), config: false });
const win = await app.show("<p id=p>child page</p>", { label: "child" });
const link = new URL(await win.proxy.url());
console.log(`ready ${link.origin}${link.pathname}`);
await app.run();
