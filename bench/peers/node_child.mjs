// @ts-nocheck: plain JavaScript run by node, not by Deno.
/**
 * Peer: node + webview-napi (a napi-rs binding of wry/tao: GTK 3 + WebKitGTK 4.1 on Linux).
 * wry has no bound functions that answer: the page posts strings with `window.ipc.postMessage`
 * and the host answers a call by evaluating `__r(id, answer)` in the page; host → page messages
 * are one `evaluateScript` each, as in the floor. The event loop is webview-napi's own `Pump`
 * (`pollEvents` from `setImmediate`, the package's default `keepAlive` mode).
 *
 * Started by bench/peers/run_peers.ts with `BENCH_CHILD`, `PEERS_PAGE` and `PEERS_MODULES`.
 * @module
 */

import { pathToFileURL } from "node:url";
import { childSettings, makeHandler } from "./peer_host.mjs";

const { settings, html } = childSettings();
const modules = process.env.PEERS_MODULES;
const { Application } = await import(pathToFileURL(`${modules}/webview-napi/index.js`).href);
const { Pump } = await import(pathToFileURL(`${modules}/webview-napi/runtime.js`).href);

const app = new Application();
const win = app.createBrowserWindow({ title: "node + webview-napi", width: 800, height: 600 });
const view = win.createWebview({ html, width: 800, height: 600 });
const evalIn = (js) => view.evaluateScript(js);
const handle = makeHandler(settings, evalIn, () => process.exit(0));

// One message: [id, name, arg]; id 0 is one-way (no answer).
view.onIpcMessage((err, message) => {
  if (err) return;
  const [id, name, arg] = JSON.parse(message);
  const answer = handle(name, arg);
  if (id !== 0) evalIn(`__r(${id},${answer})`);
});

new Pump(app).start();
