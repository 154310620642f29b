/**
 * Types for page code: the `window.panes` API ({@linkcode PanesPage}) typed
 * by the host's commands, its events and channels. For plain page scripts,
 * `/// <reference path="…/bridge/page/panes.d.ts" />` declares the
 * `panes` and `pywry` globals.
 *
 * @example Typed calls from a bundled page
 * ```ts
 * import { Commands } from "@panes/panes";
 * import type { PanesPage } from "@panes/panes/page";
 * import { z } from "zod";
 *
 * // Shared with the host (which passes `commands` to `new App({ commands })`).
 * const commands = new Commands()
 *   .command("greet", { body: z.string() }, ({ body }) => `Hello, ${body}!`);
 *
 * // In the page:
 * const panes = (globalThis as unknown as { panes: PanesPage<typeof commands> }).panes;
 * const text: string = await panes.invoke("greet", "page");
 * ```
 * @module
 */

export type { PageChannel, PageEvent, PageHandler, PanesPage } from "./bridge/page/types.ts";
export type { Invoke } from "./bridge/commands.ts";
