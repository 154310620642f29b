/** dialog commands with the shapes `@tauri-apps/plugin-dialog` sends; GTK dialogs on the UI thread. @module */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext } from "../plugin.ts";
import type { NativeOps } from "../native.ts";
import { canonicalEntry, canonicalPath } from "../paths.ts";
import { runtimeScopes } from "../runtime_scope.ts";

const filters = z.array(z.object({ name: z.string(), extensions: z.array(z.string()) })).nullish();
const openOptions = z.object({
  title: z.string().nullish(),
  filters,
  defaultPath: z.string().nullish(),
  multiple: z.boolean().nullish(),
  directory: z.boolean().nullish(),
  recursive: z.boolean().nullish(),
  canCreateDirectories: z.boolean().nullish(),
}).passthrough().nullish();
const saveOptions = z.object({
  title: z.string().nullish(),
  filters,
  defaultPath: z.string().nullish(),
  canCreateDirectories: z.boolean().nullish(),
}).passthrough().nullish();
const buttons = z.union([
  z.enum(["Ok", "OkCancel", "YesNo", "YesNoCancel"]),
  z.strictObject({ OkCustom: z.string() }),
  z.strictObject({ OkCancelCustom: z.tuple([z.string(), z.string()]) }),
  z.strictObject({ YesNoCancelCustom: z.tuple([z.string(), z.string(), z.string()]) }),
]).nullish();
const kind = z.enum(["info", "warning", "error"]).nullish();

/** Button labels in order and the answer for Escape / closing the dialog. */
export function buttonLabels(b: z.infer<typeof buttons>): { labels: string[]; cancel: string } {
  if (!b || b === "Ok") return { labels: ["Ok"], cancel: "Ok" };
  if (b === "OkCancel") return { labels: ["Ok", "Cancel"], cancel: "Cancel" };
  if (b === "YesNo") return { labels: ["Yes", "No"], cancel: "No" };
  if (b === "YesNoCancel") return { labels: ["Yes", "No", "Cancel"], cancel: "Cancel" };
  if ("OkCustom" in b) return { labels: [b.OkCustom], cancel: b.OkCustom };
  if ("OkCancelCustom" in b) return { labels: [...b.OkCancelCustom], cancel: b.OkCancelCustom[1] };
  return { labels: [...b.YesNoCancelCustom], cancel: b.YesNoCancelCustom[2] };
}

/** How long a dialog may stay open before its call gives up (a day). */
const DIALOG_WAIT_MS = 24 * 60 * 60 * 1000;

async function native<K extends "dialogFile" | "dialogMessage">(
  ctx: PluginCallContext<unknown>,
  op: K,
  arg: Parameters<NativeOps[K]>[0],
): Promise<ReturnType<NativeOps[K]>> {
  try {
    // A dialog waits for its user; closing the window answers it as cancelled.
    return await ctx.window.nativeCall(op, [arg] as Parameters<NativeOps[K]>, DIALOG_WAIT_MS);
  } catch (e) {
    throw new InvokeError(
      `dialog failed: ${e instanceof Error ? e.message : e}`,
      undefined,
      "dialog",
    );
  }
}

async function message(
  ctx: PluginCallContext<unknown>,
  a: { message: string; title?: string | null; kind?: string | null },
  b: z.infer<typeof buttons>,
): Promise<string> {
  const { labels, cancel } = buttonLabels(b);
  return await native(ctx, "dialogMessage", {
    message: a.message,
    title: a.title ?? undefined,
    kind: a.kind ?? undefined,
    buttons: labels,
    cancel,
  });
}

/**
 * Adds what the user picked to the fs scope, as Tauri's dialog does: a file (its link target: what
 * fs reads), a folder (its entries, or everything beneath with `recursive`), or a save target (the
 * entry itself: it may not exist yet). Capability denies still win.
 */
async function grantPicked(
  ctx: PluginCallContext<unknown>,
  paths: string[],
  how: "file" | "dir" | "save",
  recursive: boolean,
): Promise<void> {
  const scopes = runtimeScopes(ctx.host);
  for (const picked of paths) {
    try {
      const path = how === "save" ? await canonicalEntry(picked) : await canonicalPath(picked);
      await scopes.allow("fs", { path, kind: how === "dir" ? "dir" : "file", recursive });
    } catch (e) {
      // The pick stands; only the grant is lost (the path went away meanwhile).
      console.error(`panes: dialog: cannot add ${picked} to the fs scope:`, e);
    }
  }
}

/** The dialog commands. */
export const dialogCommands: CommandTable = {
  open: {
    unbounded: true,
    args: z.object({ options: openOptions }),
    run: async (ctx: PluginCallContext<{ options?: z.infer<typeof openOptions> }>) => {
      const o = ctx.args.options ?? {};
      const paths = await native(ctx, "dialogFile", {
        mode: o.directory ? "folder" : "open",
        title: o.title ?? undefined,
        multiple: o.multiple ?? false,
        defaultPath: o.defaultPath ?? undefined,
        canCreateDirectories: o.canCreateDirectories ?? undefined,
        filters: o.filters ?? undefined,
      });
      if (paths.length === 0) return null;
      await grantPicked(ctx, paths, o.directory ? "dir" : "file", o.recursive ?? false);
      return o.multiple ? paths : paths[0];
    },
  },
  save: {
    unbounded: true,
    args: z.object({ options: saveOptions }),
    run: async (ctx: PluginCallContext<{ options?: z.infer<typeof saveOptions> }>) => {
      const o = ctx.args.options ?? {};
      const paths = await native(ctx, "dialogFile", {
        mode: "save",
        title: o.title ?? undefined,
        defaultPath: o.defaultPath ?? undefined,
        canCreateDirectories: o.canCreateDirectories ?? undefined,
        filters: o.filters ?? undefined,
      });
      if (paths[0] === undefined) return null;
      await grantPicked(ctx, [paths[0]], "save", false);
      return paths[0];
    },
  },
  message: {
    unbounded: true,
    args: z.object({ message: z.string(), title: z.string().nullish(), kind, buttons }),
    run: (
      ctx: PluginCallContext<
        {
          message: string;
          title?: string | null;
          kind?: string | null;
          buttons?: z.infer<typeof buttons>;
        }
      >,
    ) => message(ctx, ctx.args, ctx.args.buttons),
  },
  // Older guest packages (2.0–2.2) send ask/confirm with their own labels and expect a boolean.
  ask: {
    unbounded: true,
    args: z.object({
      message: z.string(),
      title: z.string().nullish(),
      kind,
      yesButtonLabel: z.string().nullish(),
      noButtonLabel: z.string().nullish(),
    }),
    run: async (
      ctx: PluginCallContext<
        {
          message: string;
          title?: string | null;
          kind?: string | null;
          yesButtonLabel?: string | null;
          noButtonLabel?: string | null;
        }
      >,
    ) => {
      const yes = ctx.args.yesButtonLabel ?? "Yes";
      return await message(ctx, ctx.args, {
        OkCancelCustom: [yes, ctx.args.noButtonLabel ?? "No"],
      }) === yes;
    },
  },
  confirm: {
    unbounded: true,
    args: z.object({
      message: z.string(),
      title: z.string().nullish(),
      kind,
      okButtonLabel: z.string().nullish(),
      cancelButtonLabel: z.string().nullish(),
    }),
    run: async (
      ctx: PluginCallContext<
        {
          message: string;
          title?: string | null;
          kind?: string | null;
          okButtonLabel?: string | null;
          cancelButtonLabel?: string | null;
        }
      >,
    ) => {
      const ok = ctx.args.okButtonLabel ?? "Ok";
      return await message(ctx, ctx.args, {
        OkCancelCustom: [ok, ctx.args.cancelButtonLabel ?? "Cancel"],
      }) === ok;
    },
  },
};
