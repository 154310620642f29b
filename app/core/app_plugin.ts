/**
 * Tauri's core `app` plugin (`@tauri-apps/api/app`): the app's name, version and identifier,
 * the Tauri API level panes answers, showing and hiding all windows. What only macOS or iOS has
 * (data stores, the dock) rejects as unsupported here.
 * @module
 */

import { z } from "zod";
import type { Plugin } from "../../plugins/plugin.ts";
import { defineCorePlugin, unsupported } from "./define.ts";
import { coreHost } from "./host.ts";

/** The `@tauri-apps/api` level whose frontends panes runs (what `getTauriVersion()` answers). */
export const TAURI_API_LEVEL = "2.12.0";

/** The app plugin. */
export const appPlugin: Plugin = defineCorePlugin("app", {
  version: { run: ({ host }) => coreHost(host).version },
  name: { run: ({ host }) => coreHost(host).name },
  identifier: { run: ({ host }) => host.identifier },
  tauri_version: { run: () => TAURI_API_LEVEL },
  // A Deno app is not one of Tauri's bundles (deb, rpm, AppImage): null, as Tauri answers for
  // a binary it did not bundle.
  bundle_type: { run: () => null },
  supports_multiple_windows: { run: () => true },
  default_window_icon: { run: () => null },
  app_show: {
    run: async ({ host }) => {
      const app = coreHost(host).app;
      await Promise.all(app.windows.map((l) => app.window(l)?.proxy.show()));
    },
  },
  app_hide: {
    run: async ({ host }) => {
      const app = coreHost(host).app;
      await Promise.all(app.windows.map((l) => app.window(l)?.proxy.hide()));
    },
  },
  set_app_theme: {
    args: z.object({ theme: z.enum(["light", "dark"]).nullish() }),
    // Every page's theme (its `dark`/`light` class, as `AppOptions.theme` sets it); null follows
    // the system again.
    run: ({ args, host }) => {
      coreHost(host).app.emit("panes:update-theme", { theme: args.theme ?? "system" });
    },
  },
  fetch_data_store_identifiers: unsupported(
    "fetch_data_store_identifiers",
    "data stores exist on macOS and iOS only",
  ),
  remove_data_store: unsupported("remove_data_store", "data stores exist on macOS and iOS only"),
  set_dock_visibility: unsupported("set_dock_visibility", "the dock exists on macOS only"),
});
