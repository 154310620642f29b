/**
 * The inside of a window with a worker of its own: `app.show(content, { worker: url })` runs the
 * module at `url` in a Deno Worker (with its own permissions, when `permissions` is given), and
 * that module gets its window here as {@linkcode pane}: commands the page invokes, events both
 * ways, `evalJs`, window control and state. The page cannot tell the difference from a window
 * whose commands live on the main isolate. Guide: docs/workers.md.
 *
 * @example A worker module (editor.ts)
 * ```ts ignore
 * import { pane } from "@panes/panes/worker";
 * import { z } from "zod";
 *
 * pane.commands
 *   .command("load", { body: z.string() }, ({ body }) => Deno.readTextFile(`./notes/${body}`))
 *   .command("rename", { body: z.string() }, ({ body }) => pane.setTitle(body));
 * pane.on("app:saved", (data) => pane.emit("app:status", { saved: data }));
 * ```
 *
 * @example The host (main.ts)
 * ```ts ignore
 * import { App } from "@panes/panes";
 *
 * await using app = new App();
 * await app.show("<h1>Editor</h1>", {
 *   worker: new URL("./editor.ts", import.meta.url),
 *   permissions: { read: ["./notes"], net: false }, // needs --unstable-worker-options
 * });
 * await app.run();
 * ```
 * @module
 */

import { type WorkerWindow, workerWindow } from "./app/workers/guest.ts";

export {
  type ChildWindowOptions,
  type WorkerApp,
  WorkerCommands,
  WorkerWindow,
} from "./app/workers/guest.ts";
export { Channel } from "./bridge/channel.ts";
export { InvokeError } from "./bridge/invoke_error.ts";
export type { CommandContext } from "./bridge/commands.ts";

/**
 * This worker's window. Importing this module outside a window's worker throws (start the module
 * with `app.show(content, { worker: url })`).
 */
export const pane: WorkerWindow = workerWindow();
