/**
 * The shared suites (protocol, data) on the notebook transport: this process plays the kernel
 * and the notebook's frontend. Every `new App()` picks the transport up from `PANES_TRANSPORT`;
 * what the transport publishes (`Deno.jupyter.broadcast` in a real kernel, which cannot be
 * replaced) comes here instead, and each output is rendered the way JupyterLab renders a
 * trusted `text/html` output: in a page of another site, as a tab of the shared headless
 * Chromium, with the panes page in its iframe. `tests/notebook_test.ts` covers the real kernel.
 * @module
 */

import { sharedChromium } from "./chromium.ts";
import { serveOutputPage } from "./notebook.ts";
import { useKernel } from "../../transports/notebook/kernel.ts";

/** Makes every `new App()` in this process show its windows as notebook outputs in Chromium. */
export async function useNotebookTransport(): Promise<void> {
  const chromium = await sharedChromium();
  const frontend = serveOutputPage();
  Deno.env.set("PANES_TRANSPORT", "notebook");
  useKernel({
    async broadcast(msgType, content) {
      if (msgType !== "display_data") return; // stale outputs' updates: the old tab just stops
      const html = (content.data as Record<string, string>)["text/html"];
      await chromium.open(frontend.url(html));
    },
  });
}
