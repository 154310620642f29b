// Globals for plain page scripts: `/// <reference path="…/bridge/page/panes.d.ts" />`.
import type { PanesPage } from "./types.ts";

declare global {
  /** The panes bridge, injected before the page's own scripts. */
  var panes: PanesPage;
  /** PyWry's name for the same bridge. */
  var pywry: PanesPage;
}
