/**
 * The data suite (`data_test.ts`) again, on the browser transport: every
 * `new App()` there picks it up from `PANES_TRANSPORT`/`PANES_BROWSER`, and
 * the pages run as tabs of a headless Chromium.
 * @module
 */

import { useBrowserTransport } from "../testing.ts";

await useBrowserTransport();
await import("./data_test.ts");
