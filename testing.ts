/**
 * Testing panes apps with `deno test`: a virtual display when there is no screen, and waits
 * with deadlines that say what they saw last.
 *
 * @example A test that opens the app's window and reads what it shows
 * ```ts ignore
 * import { App } from "@panes/panes";
 * import { useVirtualDisplay, waitFor } from "@panes/panes/testing";
 *
 * await useVirtualDisplay(); // Xvfb + openbox when DISPLAY is unset; stopped when the file ends
 *
 * Deno.test("the page greets", async () => {
 *   await using app = new App();
 *   const win = await app.show("<h1 id=t>Hello</h1>");
 *   await waitFor(() => win.evalJs<string>("t.textContent"), (t) => t === "Hello", {
 *     what: "the heading",
 *   });
 * });
 * ```
 * @module
 */

import { type Display, startDisplay } from "./testing/display.ts";

export { type Display, startDisplay } from "./testing/display.ts";
export { waitFor, type WaitOptions } from "./testing/wait.ts";

let shared: Promise<Display> | undefined;

/**
 * Makes sure windows have a display for the rest of this process: uses `$DISPLAY` when set,
 * otherwise starts Xvfb and openbox once, sets `DISPLAY`; they end when the process does.
 * Call it at the top of a test file (outside `Deno.test`, so the test sanitizers do not count the
 * display's processes as leaks).
 */
export function useVirtualDisplay(options: { windowManager?: boolean } = {}): Promise<Display> {
  shared ??= startDisplay({ ...options, untilLastClient: true }).then((display) => {
    if (display.started) {
      Deno.env.set("DISPLAY", display.name);
      // A virtual display has no desktop session: no accessibility bus, no dconf. Without these,
      // GTK and WebKit print warnings about them on every run.
      for (
        const [k, v] of [["NO_AT_BRIDGE", "1"], ["GTK_A11Y", "none"], [
          "GSETTINGS_BACKEND",
          "memory",
        ]]
      ) {
        if (Deno.env.get(k) === undefined) Deno.env.set(k, v);
      }
    }
    return display;
  });
  return shared;
}
