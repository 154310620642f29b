// Child process for the persisted-scope test: a second run of the app (same identifier and
// XDG_DATA_HOME) reads the picked file and its sibling through the fs guest package, with or
// without persisted-scope (PANES_TEST_PERSIST=1), and prints what each read answered.
import { App } from "../../mod.ts";
import { guestScriptTag } from "./guest.ts";
import { fsRefusal } from "./guest_call.ts";

const dir = Deno.env.get("PANES_TEST_DIR")!;
const persist = Deno.env.get("PANES_TEST_PERSIST") === "1";
await using app = new App({
  config: false,
  identifier: "dev.panes.test-persisted-scope",
  plugins: persist ? ["fs", "dialog", "persisted-scope"] : ["fs", "dialog"],
  capabilities: ["fs:allow-read-text-file"],
});
const win = await app.show(`${await guestScriptTag()}<p>second run</p>`, {
  width: 200,
  height: 120,
});
const read = (path: string) =>
  win.evalJs(
    `tauriGuest.fs.readTextFile(${JSON.stringify(path)}).then((v) => "ok:" + v, ${fsRefusal})`,
    { timeoutMs: 20_000 },
  );
console.log(
  JSON.stringify({
    picked: await read(`${dir}/picked.txt`),
    sibling: await read(`${dir}/sibling.txt`),
  }),
);
