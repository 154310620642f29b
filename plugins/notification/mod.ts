/**
 * The notification plugin: desktop notifications over D-Bus
 * (org.freedesktop.Notifications), `@tauri-apps/plugin-notification`.
 * @module
 */

import { definePlugin, pageCall, type Plugin } from "../plugin.ts";
import { notificationCommands } from "./commands.ts";
import { installNotificationApi } from "./page.ts";

/** The notification plugin. */
export const notificationPlugin: Plugin = definePlugin({
  name: "notification",
  description: "Desktop notifications through org.freedesktop.Notifications.",
  commands: notificationCommands,
  permissions: {
    default: {
      description: "Sending notifications, checking and requesting permission, closing them.",
      permissions: [
        "allow-notify",
        "allow-is-permission-granted",
        "allow-request-permission",
        "allow-remove-active",
      ],
    },
  },
  pageScript: () => pageCall(installNotificationApi, null),
});
