// An app with autostart (identifier from PANES_TEST_ID). Started by its own autostart entry
// (PANES_AUTOSTARTED set) it prints its arguments and ends; otherwise it enables autostart from
// its page through Tauri's guest package, prints "enabled", and ends.
import { App } from "../../mod.ts";
import { createAutostartPlugin } from "../../plugins.ts";
import { waitFor } from "../../testing.ts";
import { guestScriptTag } from "./guest.ts";

if (Deno.env.get("PANES_AUTOSTARTED")) {
  console.log(`autostarted ${JSON.stringify(Deno.args)}`);
  Deno.exit(0);
}
await using app = new App({
  config: false,
  identifier: Deno.env.get("PANES_TEST_ID")!,
  plugins: [createAutostartPlugin({ args: ["--minimized", "two words"] })],
  capabilities: ["autostart:default"],
});
const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
const win = await app.show(`${tag}<p>autostart</p>`, { width: 160, height: 100 });
await waitFor(() => win.evalJs<boolean>("!!window.tauriGuest"), {
  what: "the guest bundle to load",
  timeout: 10_000,
});
const r = await win.evalJs(
  `(async () => { await tauriGuest.autostart.enable(); return await tauriGuest.autostart.isEnabled(); })()`,
);
console.log(r === true ? "enabled" : `not enabled: ${JSON.stringify(r)}`);
