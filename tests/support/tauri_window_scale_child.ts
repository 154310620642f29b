/**
 * Child for tests/tauri_core_window_test.ts: run with GDK_SCALE=2, a page bundled from
 * @tauri-apps/api reads and sets its window in physical and logical pixels; prints one JSON line
 * with what the page saw and what the WindowProxy (logical pixels) says.
 */
import { App } from "../../mod.ts";
import { tauriCoreScript, tryIn } from "./tauri_core.ts";

const script = await tauriCoreScript();
await using app = new App({
  identifier: "dev.panes.corewindowscale",
  config: false,
  capabilities: [{
    identifier: "geometry",
    windows: ["scaled"],
    permissions: ["core:window:allow-set-size", "core:window:allow-set-position"],
  }],
});
const win = await app.show(`<body>${script}</body>`, {
  label: "scaled",
  width: 300,
  height: 200,
  x: 40,
  y: 30,
});
const p = win.proxy;
const read = async () => {
  const r = await tryIn(
    win,
    `const w = T.window.getCurrentWindow();
     const [s, i, o] = [await w.innerSize(), await w.innerPosition(), await w.outerPosition()];
     const m = await T.window.currentMonitor();
     return { scale: await w.scaleFactor(), inner: [s.width, s.height], innerPos: [i.x, i.y],
       outerPos: [o.x, o.y], monitor: [m.size.width, m.size.height, m.scaleFactor] };`,
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  const logical = await p.innerSize(), pos = await p.outerPosition();
  return { page: r.v, proxy: { inner: [logical.width, logical.height], outerPos: [pos.x, pos.y] } };
};
const before = await read();
const set = async (js: string) => {
  const r = await tryIn(win, `const w = T.window.getCurrentWindow(); const D = T.dpi; ${js}`);
  if (!r.ok) throw new Error(JSON.stringify(r));
};
await set(`await w.setSize(new D.PhysicalSize(500, 360));`);
const physicalSet = await read();
await set(`await w.setSize(new D.LogicalSize(260, 170));`);
await set(`await w.setPosition(new D.PhysicalPosition(120, 90));`);
const logicalSet = await read();
console.log(JSON.stringify({ before, physicalSet, logicalSet }));
