// Child app for tests/ui_host_main_test.ts: the UI on the main isolate (uiHost: "main"). The main
// program does nothing after show(): only the open window may keep the process alive. One second
// later the page calls `later`, which prints a line and closes the window; the process must then
// end by itself (the UI's waits are unref'd once no window is open).
import { App, Commands } from "../../mod.ts";

const commands = new Commands().command("later", {}, ({ label }) => {
  console.log(`LATER ${label}`);
  setTimeout(() => void app.destroy(), 100);
  return "bye";
});
const app = new App({ config: false, uiHost: "main", commands });
await app.show(
  `<p>later</p><script>setTimeout(() => panes.invoke("later"), 1000)</script>`,
  { width: 200, height: 120, label: "later" },
);
console.log("SHOWN");
