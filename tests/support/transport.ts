/**
 * Which transport the shared suites (protocol, data) run on in this process:
 * native, unless a `*_browser_test.ts` or `*_notebook_test.ts` wrapper set `PANES_TRANSPORT`.
 * @module
 */

import { WINDOW_TEST } from "./harness.ts";

/** The transport of every `new App()` in this process. */
export const TRANSPORT: "native" | "browser" | "notebook" = (() => {
  const t = Deno.env.get("PANES_TRANSPORT");
  return t === "browser" || t === "notebook" ? t : "native";
})();

/** Test options for cases that need a native window (screenshots, the window manager's close button). */
export const NATIVE_ONLY: { sanitizeOps: false; sanitizeResources: false; ignore: boolean } = {
  ...WINDOW_TEST,
  ignore: TRANSPORT !== "native",
};

if (TRANSPORT !== "native") {
  // Skips are counted as ignored, never as passed; say why once per file.
  console.log(
    `note: tests marked NATIVE_ONLY are skipped on the ${TRANSPORT} transport: they need a native window ` +
      "(screenshots, the window manager's close button); the native run of the same suite covers them",
  );
}
