/**
 * Notification action types (Tauri's `registerActionTypes`) as freedesktop notification
 * actions: each action a button (`[id, title]` in Notify's `actions`), plus the `default` action
 * (a click on the notification itself, reported as Tauri's `tap`). The server answers with
 * `ActionInvoked`; a dismissal (`NotificationClosed`, reason 2) is reported as `dismiss` for a
 * type that asks for it (`customDismissAction`), as on iOS.
 * @module
 */

import { z } from "zod";

/** Tauri's `Action`; the fields only mobile systems honour are accepted and ignored. */
const actionSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  requiresAuthentication: z.boolean().nullish(),
  foreground: z.boolean().nullish(),
  destructive: z.boolean().nullish(),
  input: z.boolean().nullish(),
  inputButtonTitle: z.string().nullish(),
  inputPlaceholder: z.string().nullish(),
}).passthrough();

/** Tauri's `ActionType`. */
export const actionTypeSchema = z.object({
  id: z.string().min(1),
  actions: z.array(actionSchema),
  hiddenPreviewsBodyPlaceholder: z.string().nullish(),
  customDismissAction: z.boolean().nullish(),
  allowInCarPlay: z.boolean().nullish(),
  hiddenPreviewsShowTitle: z.boolean().nullish(),
  hiddenPreviewsShowSubtitle: z.boolean().nullish(),
}).passthrough().refine(
  (t) => t.actions.every((a) => a.id !== "default"),
  {
    message:
      'an action id cannot be "default" (the freedesktop key for a click on the notification)',
  },
);

/** A registered action type. */
export type ActionType = z.infer<typeof actionTypeSchema>;

/** Notify's `actions` for a type: its buttons, then the click on the notification itself. */
export function serverActions(type: ActionType): Array<[string, string]> {
  return [...type.actions.map((a): [string, string] => [a.id, a.title]), ["default", ""]];
}

/** The `actionId` Tauri reports for a server's action key (`default` is a tap). */
export function actionIdOf(key: string): string {
  return key === "default" ? "tap" : key;
}
