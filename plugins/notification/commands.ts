/**
 * notification commands: `notify` shows a desktop notification (on Linux,
 * org.freedesktop.Notifications.Notify on the session bus: Tauri's desktop
 * behaviour), with the buttons of a registered action type and at a scheduled time (kept by
 * the host while the app runs); pages hear actions and shown notifications through
 * `register_listener` (Tauri's `addPluginListener`). Permission is always granted on Linux, as
 * there is no system permission model.
 * @module
 */

import { z } from "zod";
import { Channel } from "../../bridge/channel.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";
import type { CommandTable, PluginCallContext } from "../plugin.ts";
import { type ActionType, actionTypeSchema } from "./actions.ts";
import { EVENTS, type PluginEvent } from "./listeners.ts";
import { type NotifyOptions, notifyOptions } from "./options.ts";
import { stateOf } from "./state.ts";

export { notifyOptions };

function unsupported(message: string): InvokeError {
  return new InvokeError(message, undefined, "unsupported");
}

/** A command Tauri has only on mobile (Android channels): a clear error, never a silent success. */
function mobileOnly(what: string) {
  return {
    args: z.unknown(),
    run: () => {
      throw unsupported(`${what} is unsupported on this platform (Tauri has it on Android only)`);
    },
  };
}

const listenerArgs = z.object({
  event: z.enum(EVENTS, {
    message: `the notification plugin's events are ${EVENTS.join(" and ")}`,
  }),
  handler: Channel.of(),
});

/** `register_listener` (and the camelCase name `addPluginListener` falls back to). */
const registerListener = {
  args: listenerArgs,
  run: (ctx: PluginCallContext<{ event: PluginEvent; handler: Channel }>) => {
    stateOf(ctx.host).listeners.add(ctx.args.event, ctx.window.label, ctx.args.handler);
    return null;
  },
};

/** The notification commands. */
export const notificationCommands: CommandTable = {
  notify: {
    args: z.object({ options: notifyOptions }),
    run: async (ctx: PluginCallContext<{ options: NotifyOptions }>) => {
      try {
        await stateOf(ctx.host).send(ctx.args.options);
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
    // removeAllActive() sends no list: all of them.
    args: z.object({
      notifications: z.array(z.object({ id: z.number().int() }).passthrough()).nullish(),
    }).nullish(),
    run: async (
      ctx: PluginCallContext<{ notifications?: Array<{ id: number }> | null } | null>,
    ) => {
      const active = stateOf(ctx.host).active;
      const ids = ctx.args?.notifications?.map((n) => n.id) ?? [...active.keys()];
      for (const id of ids) {
        const serverId = active.get(id)?.serverId;
        if (serverId === undefined) continue;
        active.delete(id);
        await ctx.host.notifications.close(serverId).catch((e) => {
          throw new InvokeError(
            `cannot close notification ${id}: ${e.message}`,
            undefined,
            "notification",
          );
        });
      }
      return null;
    },
  },
  get_active: {
    // The notifications sent with an id and not removed since (closes are heard only for
    // those with actions).
    run: (ctx: PluginCallContext<unknown>) =>
      [...stateOf(ctx.host).active].map(([id, n]) => ({
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
  get_pending: { run: (ctx: PluginCallContext<unknown>) => stateOf(ctx.host).scheduled.list() },
  cancel: {
    // cancelAll() sends no list: all of them.
    args: z.object({ notifications: z.array(z.number().int()).nullish() }).nullish(),
    run: (ctx: PluginCallContext<{ notifications?: number[] | null } | null>) => {
      stateOf(ctx.host).scheduled.cancel(ctx.args?.notifications ?? undefined);
      return null;
    },
  },
  register_action_types: {
    args: z.object({ types: z.array(actionTypeSchema) }),
    run: (ctx: PluginCallContext<{ types: ActionType[] }>) => {
      const types = stateOf(ctx.host).actionTypes;
      for (const t of ctx.args.types) types.set(t.id, t);
      return null;
    },
  },
  register_listener: registerListener,
  registerListener,
  remove_listener: {
    args: z.object({ event: z.enum(EVENTS), channelId: z.number().int() }),
    run: (ctx: PluginCallContext<{ event: PluginEvent; channelId: number }>) => {
      stateOf(ctx.host).listeners.remove(ctx.args.event, ctx.window.label, ctx.args.channelId);
      return null;
    },
  },
  create_channel: mobileOnly("notification channels"),
  delete_channel: mobileOnly("notification channels"),
  list_channels: mobileOnly("notification channels"),
};
