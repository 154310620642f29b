// Child app for the log tests: a page logs `Deno.args[0]`'s messages (a JSON array) through
// Tauri's guest package, then the app ends. Its stdout/stderr are the terminal output to check;
// the log file is $APPLOG/<identifier>.log (the test sets XDG_DATA_HOME).
import { App } from "../../mod.ts";
import { guestScriptTag } from "./guest.ts";

const [identifier, messages] = Deno.args;
const app = new App({
  config: false,
  identifier,
  plugins: ["log"],
  capabilities: ["log:default"],
});
const win = await app.show(`${await guestScriptTag()}<p>log child</p>`, {
  width: 160,
  height: 100,
});
const r = await win.evalJs(`(async () => {
  for (const [level, message, keyValues] of ${messages}) {
    await tauriGuest.log[level](message, keyValues ? { keyValues } : undefined);
  }
  return "logged";
})()`);
await app.destroy();
if (r !== "logged") throw new Error(`log_child: the page answered ${JSON.stringify(r)}`);
