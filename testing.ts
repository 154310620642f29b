/**
 * Testing panes apps with `deno test`: a virtual display and window manager when there is no
 * screen, real clicks, typing and key presses on a window, page reads, waits that say what they
 * saw last, events, screenshots and screenshot comparison — on native windows and, with the same
 * test code, on the browser transport in a headless Chromium. Guide: docs/testing.md.
 *
 * @example A test that clicks a button and reads what the app's handler wrote
 * ```ts ignore
 * import { App } from "@panes/panes";
 * import { drive, useVirtualDisplay } from "@panes/panes/testing";
 *
 * await useVirtualDisplay(); // Xvfb + openbox when DISPLAY is unset; they end with the process
 *
 * Deno.test("the button greets", async () => {
 *   await using app = new App();
 *   app.on("app:clicked", () => app.emit("app:greet", "Hello"));
 *   const w = await drive(await app.show(`<button id=b>Go</button><p id=out></p>
 *     <script>b.onclick = () => panes.emit("app:clicked", {});
 *     panes.on("app:greet", (t) => out.textContent = t)</script>`));
 *   await w.click("#b");
 *   await w.waitFor(() => document.getElementById("out")?.textContent === "Hello");
 * });
 * ```
 * @module
 */

import { type Display, startDisplay } from "./testing/display.ts";

export { type Display, startDisplay } from "./testing/display.ts";
export { waitFor, type WaitOptions } from "./testing/wait.ts";
export { type EventSource, waitForEvent } from "./testing/events.ts";
export {
  drive,
  type EventWaitOptions,
  type PageWaitOptions,
  TestWindow,
  type TypeOptions,
} from "./testing/window.ts";
export {
  assertScreenshot,
  compareImages,
  type CompareOptions,
  type Comparison,
  crop,
  diffImage,
  type Region,
  type ScreenshotAssertOptions,
} from "./testing/pixels.ts";
export { decodePng, encodePng, type Image, near, pixel } from "./testing/png.ts";
export { HeadlessChromium, sharedChromium, useBrowserTransport } from "./testing/chromium.ts";
export { type KeyCombo, type Modifier, parseKeys } from "./testing/keys.ts";
export {
  panesCapabilities,
  type PanesCapabilityOptions,
  startWebDriver,
  type WebDriverOptions,
  type WebDriverServer,
} from "./testing/webdriver.ts";

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
