// @ts-nocheck: run by bun (bun:ffi, webview-bun), not by Deno.
/**
 * Peer: bun + webview-bun (the same libwebview 0.12 as panes and the floor, through bun:ffi).
 * Like the floor: one thread, one bound function (`__b`, through webview-bun's
 * `bindRaw` and `return`), one `eval` per host → page message.
 *
 * Started by bench/peers/run_peers.ts with `BENCH_CHILD`, `PEERS_PAGE` (the page HTML, made by
 * Deno from bench/page_workloads.ts) and `PEERS_MODULES` (the npm cache's node_modules).
 * @module
 */

import { childSettings, makeHandler } from "./peer_host.mjs";

const { settings, html } = childSettings();
const { Webview, SizeHint } = await import(`${process.env.PEERS_MODULES}/webview-bun/src/index.ts`);

const webview = new Webview(false, { width: 800, height: 600, hint: SizeHint.NONE });
webview.title = "bun + webview-bun";
// Leave at once once the results are out (as the floor does after webview_run returns).
const handle = makeHandler(settings, (js) => webview.eval(js), () => process.exit(0));
// webview-bun's raw binding (bindRaw: seq and the JSON request as strings), answered with
// webview_return as the floor does; its `bind` would parse and re-serialise every answer once more.
webview.bindRaw("__b", (seq, req) => {
  const [name, value] = JSON.parse(req);
  webview.return(seq, 0, handle(name, value));
});
webview.setHTML(html);
webview.run();
process.exit(0);
