import { assertEquals } from "./support/assert.ts";
import { z } from "zod";
import { App, Channel, Commands } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const root = new URL("../", import.meta.url).pathname;

async function bundle(entry: string): Promise<string> {
  const out = await Deno.makeTempFile({ suffix: ".js" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "browser", "-o", out, entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(`deno bundle failed: ${new TextDecoder().decode(r.stderr)}`);
  const js = await Deno.readTextFile(out);
  await Deno.remove(out);
  return js;
}

Deno.test(
  "a page bundled with @tauri-apps/api and tauri-plugin-pytauri-api runs unchanged",
  WINDOW_TEST,
  async () => {
    const js = await bundle("tests/pages/tauri_api_page.ts");
    const commands = new Commands()
      .command(
        "greet",
        { body: z.object({ name: z.string() }) },
        ({ body }) => `Hello, ${body.name}!`,
      )
      .command(
        "stream",
        { body: z.object({ channel: Channel.of(z.object({ n: z.number() })), count: z.number() }) },
        ({ body: { channel, count } }) => {
          for (let n = 0; n < count; n++) {
            channel.send({ n });
          }
          channel.close();
        },
      )
      .command(
        "py_greet",
        { body: z.object({ name: z.string() }) },
        ({ body }) => `Hi ${body.name}`,
      )
      .command("py_bytes", { body: "bytes" }, ({ body }) => body.map((b) => b * 2));
    await using app = new App({ commands });
    const win = await app.show(
      `<script type="module">${js.replace(/<\/script/g, "<\\/script")}</script>`,
      {
        label: "tauri",
        width: 320,
        height: 240,
      },
    );
    const result = await win.evalJs("tauriResult", { timeoutMs: 20_000 });
    assertEquals(result, {
      greeting: "Hello, Tauri!",
      streamed: [0, 1, 2, 3, 4],
      heard: { v: 7 },
      onceHeard: "to me",
      py: "Hi PyTauri",
      bytes: [2, 4, 6],
      failed: 'unknown command "nope"',
    });
  },
);
