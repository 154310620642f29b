/** xdotool and the window-manager check the keyboard tests share. @module */
import { hasWindowManager } from "./harness.ts";

/** Runs xdotool; throws with its stderr when it fails. */
export async function xdotool(...args: string[]): Promise<void> {
  const out = await new Deno.Command("xdotool", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`xdotool ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** True (and says why) when no window manager runs: keyboard focus needs one (use as `ignore`). */
export async function noWindowManager(): Promise<boolean> {
  if (await hasWindowManager()) return false;
  console.log("ignored: keyboard focus needs a window manager (openbox)");
  return true;
}
