/**
 * The notification plugin: desktop notifications over D-Bus
 * (org.freedesktop.Notifications), `@tauri-apps/plugin-notification`.
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { notificationCommands } from "./commands.ts";
import { installNotificationApi } from "./page.ts";
import { closeState } from "./state.ts";

/** The notification plugin. */
export const notificationPlugin: Plugin = definePlugin({
  name: "notification",
  description:
    "Desktop notifications through org.freedesktop.Notifications: actions, listeners, schedules.",
  commands: notificationCommands,
  permissions: {
    default: {
      description: "Every command, as Tauri's default (Android's channels answer unsupported).",
      permissions: [
        "allow-notify",
        "allow-is-permission-granted",
        "allow-request-permission",
        "allow-remove-active",
        "allow-get-active",
        "allow-get-pending",
        "allow-cancel",
        "allow-register-action-types",
        "allow-register-listener",
        "allow-registerListener",
        "allow-remove-listener",
        "allow-create-channel",
        "allow-delete-channel",
        "allow-list-channels",
      ],
    },
  },
  pageScript: () => pageCall(installNotificationApi, null),
  // Scheduled notifications are lost with the app; the server's signals are no longer heard.
  teardown: (host) => closeState(host),
});
