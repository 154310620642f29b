/** Answering GTK dialogs in tests as a user would (xdotool, X11). @module */

import { waitFor } from "../../testing.ts";

/** Answers the dialog titled `title` with keys, as a user would (xdotool, X11). */
export async function answer(
  title: string,
  ...steps: Array<["key" | "type", string]>
): Promise<void> {
  // Poll rather than --sync: xdotool aborts on BadWindow when another window vanishes mid-search.
  let last = "";
  const id = await waitFor(async () => {
    const find = await new Deno.Command("xdotool", {
      args: ["search", "--onlyvisible", "--name", `^${title}$`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    last = new TextDecoder().decode(find.stderr);
    return new TextDecoder().decode(find.stdout).trim().split("\n")[0];
  }, { what: `a dialog titled ${title}`, timeout: 20_000, interval: 200 }).catch(async (e) => {
    throw new Error(`${(e as Error).message} ${last}(windows: ${await windowNames()})`);
  });
  await new Promise((r) => setTimeout(r, 300)); // let GTK map and focus its widgets
  await new Deno.Command("xdotool", { args: ["windowactivate", "--sync", id], stderr: "null" })
    .output();
  await new Deno.Command("xdotool", { args: ["windowfocus", "--sync", id], stderr: "null" })
    .output();
  for (const [kind, arg] of steps) {
    const args = kind === "key"
      ? ["key", "--window", id, arg]
      : ["type", "--window", id, "--delay", "20", arg];
    await new Deno.Command("xdotool", { args, stderr: "null" }).output();
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The names of every X window, for the message when a dialog never shows. */
async function windowNames(): Promise<string> {
  const all = await new Deno.Command("xdotool", {
    args: ["search", "--name", "."],
    stdout: "piped",
    stderr: "null",
  }).output();
  const names = [];
  for (const w of new TextDecoder().decode(all.stdout).trim().split("\n").filter(Boolean)) {
    const n = await new Deno.Command("xdotool", {
      args: ["getwindowname", w],
      stdout: "piped",
      stderr: "null",
    }).output();
    names.push(new TextDecoder().decode(n.stdout).trim());
  }
  return names.join(" | ");
}
