/**
 * Run by window_control_test.ts on a bare X display (Xvfb, no window
 * manager): prints one JSON line with what each WM-dependent call did.
 * @module
 */
import { App } from "../../mod.ts";

const app = new App();
const win = await app.show("<p>no wm</p>", { width: 200, height: 150, title: "no-wm" });
const p = win.proxy;
const outcome = async (f: () => Promise<unknown>): Promise<string> => {
  try {
    await f();
    return "ok";
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};
const result = {
  maximize: await outcome(() => p.maximize()),
  minimize: await outcome(() => p.minimize()),
  fullscreen: await outcome(() => p.setFullscreen(true)),
  alwaysOnTop: await outcome(() => p.setAlwaysOnTop(true)),
  maxSize: await outcome(() => p.setMaxSize(300, 300)),
  position: await outcome(() => p.setPosition(40, 50)),
  outerPosition: await p.outerPosition(),
  outerSize: await p.outerSize(),
  innerSize: await p.innerSize(),
  isMaximized: await p.isMaximized(),
  showFalse: await outcome(async () => {
    const w = await app.show("<p>f</p>", {
      maximized: false,
      fullscreen: false,
      alwaysOnTop: false,
    });
    await w.close();
  }),
  showMaximized: await outcome(() => app.show("<p>m</p>", { maximized: true })),
  windowsAfter: app.windows.length,
};
console.log(JSON.stringify(result));
await win.close();
