/**
 * The headless Chromium of the browser-transport tests: the test kit's own
 * (`testing/chromium.ts`), which app authors get from `@panes/panes/testing`.
 * @module
 */

export {
  CHROMIUM_FLAGS,
  CHROMIUM_PATH,
  HeadlessChromium,
  processesOf,
  removeProfile,
  sharedChromium,
  useBrowserTransport,
} from "../../testing/chromium.ts";
