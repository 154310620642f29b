// Child app for the process plugin tests. `exit <code>`: the page exits the app with <code>
// through Tauri's guest package. `relaunch <file>`: the first run appends "run 1" to <file> and
// relaunches; the relaunched run appends "run 2" and exits with 5.
import { App } from "../../mod.ts";
import { guestScriptTag } from "./guest.ts";

const [mode, arg] = Deno.args;
const app = new App({ config: false, plugins: ["process"], capabilities: ["process:default"] });
const win = await app.show(`${await guestScriptTag()}<p>process child</p>`, {
  width: 160,
  height: 100,
});
let js: string;
if (mode === "exit") {
  js = `tauriGuest.process.exit(${Number(arg)})`;
} else if (mode === "relaunch") {
  let runs = "";
  try {
    runs = await Deno.readTextFile(arg);
  } catch { /* first run */ }
  const second = runs.includes("run 1");
  await Deno.writeTextFile(arg, second ? "run 2\n" : "run 1\n", { append: true });
  js = second ? `panes.process.exit(5)` : `tauriGuest.process.relaunch()`;
} else {
  throw new Error(`process_child: unknown mode ${mode}`);
}
await win.evalJs(`${js}.then(() => "answered")`, { timeoutMs: 20_000 });
console.log("answered");
// The plugin ends the process; stay here until it does (the test times out otherwise).
await new Promise((r) => setTimeout(r, 30_000));
console.log("still alive");
Deno.exit(99);
