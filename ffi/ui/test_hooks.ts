/**
 * Native ops that exist for the test suite only (fault injection). The UI worker adds this
 * table when the main isolate started it with `PANES_TEST_HOOKS=1`; otherwise none of these
 * names can be called. Every test-only op lives here.
 * @module
 */

import type { UiOpTable } from "./ui_ops.ts";
import { heldCount } from "./ipc_scheme.ts";

/** What the hooks asked the UI thread to do; the worker's loop reads it. */
export const testHooks = { crashRequested: false };

/** The test-only ops. */
export const testHookOps: UiOpTable = {
  /** Ends the UI thread on purpose (its loop throws), so a test can watch main recover. */
  __crashUiThread() {
    testHooks.crashRequested = true;
  },
  /** The key the window's page claimed its load with, so a test can act as a stale page. */
  __pageKey(_ctx, win) {
    return win.loadKey === undefined ? null : win.key + win.loadKey;
  },
  /** How many of the window's invoke POSTs wait for earlier posts (ipc_scheme.ts, early). */
  __heldPosts(_ctx, win) {
    return heldCount(win.id);
  },
};
