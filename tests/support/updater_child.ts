// Child process for the updater relaunch test: an app whose "executable" is the file named by
// PANES_TEST_BIN checks the endpoint, runs downloadAndInstall (relaunch on, as for a compiled
// app), and is expected to exit once the new executable has been started.
import { App, createUpdaterPlugin } from "../../mod.ts";
import { guestScriptTag } from "./guest.ts";

const app = new App({
  config: false,
  plugins: [createUpdaterPlugin({
    endpoints: [Deno.env.get("PANES_TEST_ENDPOINT")!],
    pubkey: Deno.env.get("PANES_TEST_PUBKEY")!,
    version: "1.0.0",
    dangerousInsecureTransportProtocol: true,
    installer: { kind: "binary", path: Deno.env.get("PANES_TEST_BIN")! },
  })],
  capabilities: ["updater:default"],
});
const win = await app.show(`${await guestScriptTag()}<p>updater child</p>`, {
  width: 200,
  height: 120,
});
const r = await win.evalJs(
  `(async () => {
    const u = await tauriGuest.updater.check();
    await u.downloadAndInstall();
    return "installed " + u.version;
  })().catch((e) => "failed: " + (e.message ?? e))`,
  { timeoutMs: 30_000 },
);
console.log(r);
// The install exits this process; reaching the deadline means it did not.
await new Promise((r) => setTimeout(r, 20_000));
console.log("still running");
Deno.exit(3);
