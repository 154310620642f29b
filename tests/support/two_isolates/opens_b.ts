// One of two test modules that each open a window, run in one `deno test` process by
// tests/one_ui_thread_test.ts.
import { App } from "../../../mod.ts";
Deno.test("b opens a window", { sanitizeOps: false, sanitizeResources: false }, async () => {
  await using app = new App({ config: false });
  const w = await app.show("<p>b</p>", { width: 200, height: 100 });
  console.log("b says", await w.evalJs("document.body.textContent"));
});
