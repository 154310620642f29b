/**
 * The worker of one editor window (examples/worker_window.ts): it owns the window's commands and
 * may touch only its notes folder when the app runs it with permissions.
 */
import { InvokeError, pane } from "../../worker.ts";
import { z } from "zod";

const notes = new URL("./notes/", import.meta.url);
const noteName = z.string().regex(/^[\w-]+\.md$/, "a note is <name>.md");

class Edits {
  saved = 0;
}
pane.manage(new Edits());

pane.commands
  .command("list", {}, async () => {
    const names: string[] = [];
    for await (const e of Deno.readDir(notes)) if (e.isFile) names.push(e.name);
    return names.sort();
  })
  .command("load", { body: noteName }, ({ body }) => Deno.readTextFile(new URL(body, notes)))
  .command(
    "save",
    { body: z.object({ name: noteName, text: z.string() }) },
    async ({ body, state, app }) => {
      await Deno.writeTextFile(new URL(body.name, notes), body.text);
      const saved = ++state(Edits).saved;
      // State is not shared between isolates; app events are how windows hear of each other.
      app.emit("app:saved", { by: pane.label, name: body.name, saved });
      await pane.setTitle(`${pane.label}: saved ${body.name}`);
      return saved;
    },
  )
  .command("remove", { body: noteName }, ({ body }) => Deno.remove(new URL(body, notes)))
  .command("peek", {}, async () => {
    // Outside the notes folder: with permissions, Deno refuses (NotCapable).
    try {
      return await Deno.readTextFile("/etc/hostname");
    } catch (e) {
      throw new InvokeError(`${(e as Error).name}: ${(e as Error).message}`);
    }
  });
