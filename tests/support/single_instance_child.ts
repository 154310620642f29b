// One launch of a single-instance app (identifier from PANES_TEST_ID). The first launch opens a
// window whose page listens for the second-instance event with @tauri-apps/api, prints "ready",
// then prints what the callback and the page heard of the next launch, and ends. A later launch
// hands over and exits inside App.show() (it never prints "ready").
import { App } from "../../mod.ts";
import { createSingleInstancePlugin, SECOND_INSTANCE_EVENT } from "../../plugins.ts";
import { waitFor } from "../../testing.ts";
import { guestScriptTag } from "./guest.ts";

let heard: { args: string[]; cwd: string } | undefined;
await using app = new App({
  config: false,
  identifier: Deno.env.get("PANES_TEST_ID")!,
  plugins: [createSingleInstancePlugin({ onSecondInstance: (args, cwd) => heard = { args, cwd } })],
});
const tag = await guestScriptTag("tests/support/guest_entry_desktop.ts");
const win = await app.show(
  `${tag}<p>first</p><script type="module">
    window.got = [];
    await tauriGuest.event.listen(${
    JSON.stringify(SECOND_INSTANCE_EVENT)
  }, (e) => got.push(e.payload));
    window.listening = true;
  </script>`,
  { width: 200, height: 120 },
);
try {
  await waitFor(() => win.evalJs<boolean>("window.listening === true"), {
    what: "the page to listen for the second-instance event",
    timeout: 20_000,
  });
} catch (e) {
  // On stdout, where the test reads: it then fails at once, showing this.
  console.log(`error: ${(e as Error).message}`);
  Deno.exit(1);
}
console.log("ready");
let page: unknown[] = [];
await waitFor(async () => {
  page = await win.evalJs<unknown[]>("window.got");
  return heard !== undefined && page.length > 0;
}, { what: "the callback and the page to hear the next launch", timeout: 60_000 })
  // Printed either way: the test compares what was heard with what was sent.
  .catch((e) => console.error((e as Error).message));
console.log(JSON.stringify({ callback: heard ?? null, page }));
