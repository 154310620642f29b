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
  schedule: z.unknown().optional(),
  actionTypeId: z.string().nullish(),
}).passthrough();

function unsupported(message: string): InvokeError {
  return new InvokeError(message, undefined, "unsupported");
}

/** A command Tauri has only on mobile (or Android): a clear error, never a silent success. */
function mobileOnly(what: string) {
  return {
    args: z.unknown(),
    run: () => {
      throw unsupported(`${what} is unsupported on this platform (Tauri has it on mobile only)`);
    },
  };
}

/** Notifications sent with a page id: the id the server gave them (to close them) and what they said. */
const sent = new Map<number, { serverId: number; title: string; body?: string; group?: string }>();

/** Sends one notification; resolves with the server's id. */
export async function sendNotification(
  host: PluginHost,
  o: z.infer<typeof notifyOptions>,
): Promise<number> {
  if (o.schedule != null) {
    throw unsupported(
      "scheduled notifications are unsupported on this platform (the desktop's notification server shows them at once)",
    );
  }
  if (o.actionTypeId != null) {
    throw unsupported(
      "notification actions are unsupported on this platform (registerActionTypes is refused)",
    );
  }
  const replaces = o.id !== undefined && o.id !== null ? sent.get(o.id)?.serverId ?? 0 : 0;
  const id = await host.notifications.notify({
    appName: host.identifier,
    replaces,
    icon: o.icon ?? "",
    title: o.title,
    body: o.body ?? "",
    sound: o.sound ?? undefined,
    silent: o.silent ?? undefined,
  });
  if (o.id !== undefined && o.id !== null) {
    sent.set(o.id, {
      serverId: id,
      title: o.title,
      body: o.body ?? undefined,
      group: o.group ?? undefined,
    });
  }
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
        if (e instanceof InvokeError) throw e;
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
        const serverId = sent.get(id)?.serverId;
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
  get_active: {
    // The notifications sent with an id and not removed since (the server does not say which
    // the user dismissed).
    run: () =>
      [...sent].map(([id, n]) => ({
        id,
        title: n.title,
        body: n.body,
        group: n.group,
        groupSummary: false,
        data: {},
        extra: {},
        attachments: [],
      })),
  },
  // Nothing is ever pending: scheduled notifications are refused.
  get_pending: { run: () => [] },
  cancel: {
    args: z.object({ notifications: z.array(z.number().int()) }).nullish(),
    run: () => null,
  },
  register_action_types: {
    args: z.object({ types: z.array(z.object({ id: z.string() }).passthrough()) }),
    run: () => {
      throw unsupported(
        "notification actions are unsupported on this platform (Tauri has them on mobile only)",
      );
    },
  },
  // addPluginListener (onAction, onNotificationReceived) tries both spellings.
  register_listener: mobileOnly("listening to notification events"),
  registerListener: mobileOnly("listening to notification events"),
  create_channel: mobileOnly("notification channels"),
  delete_channel: mobileOnly("notification channels"),
  list_channels: mobileOnly("notification channels"),
};
