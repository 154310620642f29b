// A launch of a deep-link app (identifier from PANES_TEST_ID, schemes from PANES_TEST_SCHEMES):
// with another instance running it hands its URL over and exits inside show(); alone, it prints
// what the page's getCurrent() (Tauri's guest package) answers, as "current <json>", and ends.
import { App } from "../../mod.ts";
import { createDeepLinkPlugin, createSingleInstancePlugin } from "../../plugins.ts";
import { waitFor } from "../../testing.ts";
import { guestScriptTag } from "./guest.ts";

await using app = new App({
  config: false,
  identifier: Deno.env.get("PANES_TEST_ID")!,
  plugins: [
    createSingleInstancePlugin(),
    createDeepLinkPlugin({
      schemes: (Deno.env.get("PANES_TEST_SCHEMES") ?? "").split(",").filter(Boolean),
    }),
  ],
  capabilities: ["deep-link:default"],
});
const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
const win = await app.show(`${tag}<p>launch</p>`, { width: 160, height: 100 });
await waitFor(() => win.evalJs<boolean>("!!window.tauriGuest"), {
  what: "the guest bundle to load",
  timeout: 10_000,
});
const current = await win.evalJs(
  `(async () => { return await tauriGuest.deepLink.getCurrent(); })()`,
);
console.log(`current ${JSON.stringify(current)}`);
