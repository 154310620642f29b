/**
 * panes: native desktop windows showing HTML, wired to Deno code.
 *
 * This entry holds what an app author uses: {@linkcode App} and its windows
 * ({@linkcode WindowHandle}), commands ({@linkcode Commands},
 * {@linkcode Channel}, {@linkcode InvokeError}), content
 * ({@linkcode HtmlContent}), menus and the tray, plugins and capabilities, and
 * the errors an app may catch. The rest lives in subpath entries:
 *
 * - `@panes/panes/plugins`: writing plugins (hosts, scopes, permissions, resources).
 * - `@panes/panes/page`: types for page code (the `window.panes` API, `Invoke`).
 * - `@panes/panes/commands`: the types behind `Commands` (specs, schemas, handler contexts).
 * - `@panes/panes/menu`: menus and the tray in full (handlers, click data, accelerators).
 * - `@panes/panes/protocol`: the wire between host and page (requests, answers, messages).
 * - `@panes/panes/worker`: the inside of a window whose logic runs in a Worker of its own
 *   (`show(content, { worker, permissions })`).
 *
 * @example A window, a command, a page that calls it
 * ```ts
 * import { App, Commands } from "@panes/panes";
 * import { z } from "zod";
 *
 * const commands = new Commands()
 *   .command("greet", { body: z.string() }, ({ body }) => `Hello, ${body}!`);
 * await using app = new App({ commands });
 * await app.show(`<h1 id=status>Hi</h1>
 * <script>
 *   panes.invoke("greet", "page").then((t) => status.textContent = t);
 * </script>`, { title: "Demo" });
 * await app.run(); // until the last window is closed
 * ```
 *
 * @example Events both ways
 * ```ts
 * import { App } from "@panes/panes";
 *
 * await using app = new App();
 * const win = await app.show("<h1 id=status>Hi</h1>", { title: "Demo" });
 * win.on("app:click", (data) => win.emit("panes:set-content", { id: "status", text: `clicked ${data}` }));
 * await app.run();
 * ```
 * @module
 */

// The app and its windows
export { App, type Content } from "./app/app.ts";
export type {
  AppOptions,
  AssetProtocolOptions,
  ShowOptions,
  Theme,
  WindowMode,
  WindowProps,
} from "./app/options.ts";
export { WindowHandle } from "./app/window.ts";
export type { Position, Size, WindowProxy, WindowState } from "./app/window_proxy.ts";
export { HtmlContent, type HtmlContentOptions } from "./app/html_content.ts";
export type { Events, EventTarget, TauriEvent } from "./app/events.ts";
export type { EventHandler } from "./bridge/registry.ts";
export type { StateClass } from "./app/state.ts";
export { type WorkerPermissions, workerPermissionsAvailable } from "./app/workers/permissions.ts";

// Commands
export { type CommandContext, Commands } from "./bridge/commands.ts";
export { Channel } from "./bridge/channel.ts";
export { InvokeError } from "./bridge/invoke_error.ts";

// Menus and tray (the rest: ./menu)
export {
  CheckMenuItem,
  Menu,
  MenuItem,
  PredefinedMenuItem,
  Submenu,
  Tray,
  TrayError,
  type TrayOptions,
} from "./app/menu/mod.ts";

// Plugins and capabilities (writing plugins: ./plugins)
export { definePlugin, type Plugin } from "./plugins/plugin.ts";
export { createWindowStatePlugin } from "./plugins/window-state/mod.ts";
export type { Capability, CapabilityInput } from "./router/capabilities.ts";

// Errors an app may catch
export { NativeLibraryError } from "./ffi/native_libs.ts";
export { ConfigError } from "./app/config.ts";
export { type EvalOptions, PageEvalError } from "./bridge/peer.ts";
export { EventNameError } from "./bridge/event_names.ts";
