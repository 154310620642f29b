/**
 * The test kit's suite (`testing_kit_test.ts`) again, on the browser transport: the same test
 * code, with pages in the kit's headless Chromium and input through DevTools.
 * @module
 */

import { useBrowserTransport } from "../testing.ts";

await useBrowserTransport();
await import("./testing_kit_test.ts");
