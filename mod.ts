/**
 * panes: native desktop windows showing HTML, wired to Deno code.
 *
 * @example
 * ```ts ignore
 * import { App } from "@panes/panes";
 * await using app = new App();
 * const win = await app.show("<h1 id=status>Hi</h1>", { title: "Demo" });
 * win.on("app:click", (data) => win.emit("panes:set-content", { id: "status", text: `clicked ${data}` }));
 * await app.run();
 * ```
 * @module
 */

export { App, type Content } from "./app/app.ts";
export type { AppOptions, ShowOptions, Theme, WindowMode, WindowProps } from "./app/options.ts";
export { type WindowBackend, WindowHandle } from "./app/window.ts";
export {
  type NativeCall,
  type Position,
  type Size,
  WindowProxy,
  type WindowProxyHost,
  type WindowState,
} from "./app/window_proxy.ts";
export { HtmlContent, type HtmlContentOptions } from "./app/html_content.ts";
export { Events, type EventsHost, type EventTarget, type TauriEvent } from "./app/events.ts";
export type { StateClass } from "./app/state.ts";
export {
  type BodyOf,
  type BodySpec,
  type CommandContext,
  type CommandDefs,
  type CommandHandler,
  type CommandHost,
  Commands,
  type CommandSpec,
  type CommandWindow,
  type DispatchContext,
  type InputOf,
  type Invoke,
} from "./bridge/commands.ts";
export { Channel, type ChannelSink } from "./bridge/channel.ts";
export { InvokeError } from "./bridge/invoke_error.ts";
export {
  type BytesRef,
  type EvalOptions,
  type InvokeAnswer,
  type InvokeRequest,
  PageEvalError,
  type PagePeer,
} from "./bridge/peer.ts";
export { type EventHandler, LabelRegistry } from "./bridge/registry.ts";
export { EventNameError } from "./bridge/event_names.ts";
export type { Widget } from "./bridge/widget.ts";
export { NativeLibraryError } from "./ffi/native_libs.ts";
export { WebviewError } from "./ffi/errors.ts";
export type { PageChannel, PageEvent, PageHandler, PanesPage } from "./bridge/page/types.ts";
export * from "./app/menu/mod.ts";
export { Tray, type TrayClickData, TrayError, type TrayOptions } from "./app/tray.ts";
export { ConfigError, type PanesConfig, parseConfig } from "./app/config.ts";
export type { Capability, CapabilityInput, PermissionEntry } from "./router/capabilities.ts";
export {
  BUILTIN_PLUGINS,
  createWindowStatePlugin,
  definePlugin,
  type Plugin,
  type PluginCallContext,
  type PluginCommand,
  type PluginHost,
  type PluginPermission,
  type PluginWindow,
  type ScopeSet,
  StateFlags,
  type WindowStateOptions,
} from "./plugins/mod.ts";
export type { CommandTable, PageResource, ResourceTable } from "./plugins/plugin.ts";
export type {
  FileDialogRequest,
  MessageDialogRequest,
  MonitorArea,
  NativeOp,
  NativeOps,
  NativeSize,
  NativeWindowState,
  WindowControl,
} from "./plugins/native.ts";
export type { AppDirs } from "./plugins/paths.ts";
export type { HostMessage, WireError } from "./bridge/messages.ts";
export {
  type FlatIssue,
  isStandardSchema,
  type SchemaInput,
  type SchemaIssue,
  type SchemaOutput,
  type SchemaResult,
  type StandardSchema,
} from "./bridge/schema.ts";
