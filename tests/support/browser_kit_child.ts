/**
 * `browser_kit_child.ts`: starts the test kit's headless Chromium, prints
 * `ready <its profile folder>` and waits to be killed (the tests kill it with
 * SIGKILL: no `unload` handler runs).
 * @module
 */

import { sharedChromium } from "./chromium.ts";

const chromium = await sharedChromium();
console.log(`ready ${chromium.profile}`);
setInterval(() => {}, 60_000);
