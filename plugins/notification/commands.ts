/**
 * notification commands: `notify` shows a desktop notification (on Linux,
 * org.freedesktop.Notifications.Notify on the session bus: Tauri's desktop
 * behaviour); permission is always granted on Linux, as there is no system
 * permission model.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext, PluginHost } from "../plugin.ts";

/** The options `@tauri-apps/plugin-notification` sends (unknown fields are ignored, as in Tauri). */
export const notifyOptions = z.object({
  title: z.string(),
  body: z.string().nullish(),
  icon: z.string().nullish(),
  sound: z.string().nullish(),
  silent: z.boolean().nullish(),
  id: z.number().int().nullish(),
  group: z.string().nullish(),
}).passthrough();

/** Ids the server gave our notifications (page id → server id), to close them later. */
const sent = new Map<number, number>();

/** Sends one notification; resolves with the server's id. */
export async function sendNotification(
  host: PluginHost,
  o: z.infer<typeof notifyOptions>,
): Promise<number> {
  const replaces = o.id !== undefined && o.id !== null ? sent.get(o.id) ?? 0 : 0;
  const id = await host.notifications.notify({
    appName: host.identifier,
    replaces,
    icon: o.icon ?? "",
    title: o.title,
    body: o.body ?? "",
    sound: o.sound ?? undefined,
    silent: o.silent ?? undefined,
  });
  if (o.id !== undefined && o.id !== null) sent.set(o.id, id);
  return id;
}

/** The notification commands. */
export const notificationCommands: CommandTable = {
  notify: {
    args: z.object({ options: notifyOptions }),
    run: async (ctx: PluginCallContext<{ options: z.infer<typeof notifyOptions> }>) => {
      try {
        await sendNotification(ctx.host, ctx.args.options);
      } catch (e) {
        throw new InvokeError(
          `cannot show the notification: ${e instanceof Error ? e.message : e}`,
          undefined,
          "notification",
        );
      }
      return null;
    },
  },
  is_permission_granted: { run: () => true },
  request_permission: { run: () => "granted" },
  remove_active: {
    args: z.object({ notifications: z.array(z.object({ id: z.number().int() }).passthrough()) })
      .nullish(),
    run: async (ctx: PluginCallContext<{ notifications: Array<{ id: number }> } | null>) => {
      const ids = ctx.args?.notifications.map((n) => n.id) ?? [...sent.keys()];
      for (const id of ids) {
        const serverId = sent.get(id);
        if (serverId === undefined) continue;
        sent.delete(id);
        await ctx.host.notifications.close(serverId).catch(
          (e) => {
            throw new InvokeError(
              `cannot close notification ${id}: ${e.message}`,
              undefined,
              "notification",
            );
          },
        );
      }
      return null;
    },
  },
};
