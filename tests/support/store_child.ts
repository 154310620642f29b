// Child process for the store crash test: sets values through Tauri's store
// guest package (autoSave, no explicit save), says "set", then waits to be killed.
import { App } from "../../mod.ts";
import { guestScriptTag } from "./guest.ts";

const app = new App({
  config: false,
  identifier: "dev.panes.test-store",
  plugins: ["store"],
  capabilities: ["store:default"],
});
const win = await app.show(`${await guestScriptTag()}<p>store child</p>`, {
  width: 200,
  height: 120,
});
const r = await win.evalJs(
  `(async () => {
  const s = await tauriGuest.store.load("settings.json");
  await s.set("theme", "dark");
  await s.set("count", 42);
  await s.set("nested", { a: [1, 2, { b: "ü" }] });
  return await s.length();
})()`,
  { timeoutMs: 20_000 },
);
console.log(`set ${r}`);
await new Promise(() => {}); // wait to be killed
