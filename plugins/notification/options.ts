/** A notification's options as `@tauri-apps/plugin-notification` sends them. @module */

import { z } from "zod";
import { scheduleSchema } from "./schedule.ts";

/** The options the guest package sends (unknown fields are kept: listeners get them back). */
export const notifyOptions = z.object({
  title: z.string(),
  body: z.string().nullish(),
  icon: z.string().nullish(),
  sound: z.string().nullish(),
  silent: z.boolean().nullish(),
  id: z.number().int().nullish(),
  group: z.string().nullish(),
  schedule: scheduleSchema.nullish(),
  actionTypeId: z.string().nullish(),
  extra: z.record(z.string(), z.unknown()).nullish(),
}).passthrough();

/** A notification as the page gave it. */
export type NotifyOptions = z.infer<typeof notifyOptions>;
