import { assert, assertEquals } from "./support/assert.ts";
import {
  consumerApp,
  describe,
  publishedContents,
  runDeno,
  writePublished,
} from "./support/jsr_mirror.ts";
import { codeGraph } from "./support/code_graph.ts";

// The stand-in for `deno compile`, which embeds the module graph and nothing else: the published
// files (unfurled, as JSR serves them) less every file outside the app's module graph, in a folder
// no one may write (chmod -R a-w; root may write anyway, so the folder's listing is compared before
// and after), run from another working directory. Anything panes read relative to its own source at run time
// (a page script, the UI thread's module, a JSON file) would be missing or unwritable here.

Deno.test("read-only copy: only the module graph, read-only, another cwd: a window answers a command", async () => {
  const ro = await Deno.makeTempDir({ prefix: "panes-readonly-" });
  const cwd = await Deno.makeTempDir({ prefix: "panes-readonly-cwd-" });
  try {
    await writePublished(`${ro}/pkg`, await publishedContents());
    await Deno.writeTextFile(`${ro}/app.ts`, consumerApp("./pkg/mod.ts"));

    // The app's module graph, dynamic imports included (what deno compile embeds), with panes'
    // graph.ts as the documented `--include` root (the modules panes loads on demand).
    // Code imports only: `deno info` also lists type-only ones, which a binary does not carry.
    const graph = new Set<string>(
      [...await codeGraph([`${ro}/app.ts`, `${ro}/pkg/graph.ts`], cwd)]
        .filter((s) => s.startsWith(`file://${ro}/pkg/`))
        .map((s) => decodeURIComponent(s.slice(`file://${ro}/pkg/`.length))),
    );
    assert(graph.has("ffi/ui/ui_worker.ts"), "the UI thread's module is in the module graph");
    let removed = 0;
    const walk = async (dir: string, rel: string) => {
      for await (const e of Deno.readDir(dir)) {
        const path = `${dir}/${e.name}`, name = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory) await walk(path, name);
        else if (!graph.has(name)) {
          await Deno.remove(path);
          removed++;
        }
      }
    };
    await walk(`${ro}/pkg`, "");
    assert(removed > 0, "files outside the graph (docs, examples, deno.json) were removed");

    const chmod = await new Deno.Command("chmod", { args: ["-R", "a-w", ro] }).output();
    assert(chmod.success, "chmod -R a-w");
    const before = await listing(ro);

    const r = await runDeno(
      ["run", "-A", `${ro}/app.ts`],
      { cwd, timeoutMs: 120_000 },
    );
    assert(!r.timedOut, `the app did not finish within 120 s: ${describe(r)}`);
    assertEquals(
      r.stdout.split("\n").find((l) => l.startsWith("RESULT ")),
      `RESULT {"sum":5,"from":"host","os":"linux"}`,
      describe(r),
    );
    assertEquals(r.code, 0, describe(r));
    const lib = r.stdout.split("\n").find((l) => l.startsWith("LIBWEBVIEW "))?.slice(11) ?? "";
    assert(/\/webview-bun\/.*\/libwebview-(x64|arm64)\.so$/.test(lib), `npm libwebview: ${lib}`);
    assertEquals(await listing(ro), before, "nothing was written in the read-only folder");
    assertEquals([...Deno.readDirSync(cwd)].map((e) => e.name), [], "nor in the working directory");
  } finally {
    await new Deno.Command("chmod", { args: ["-R", "u+w", ro] }).output();
    await Deno.remove(ro, { recursive: true });
    await Deno.remove(cwd, { recursive: true });
  }
});

/** Every path under `dir` with its size and modification time. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const st = await Deno.lstat(`${d}/${e.name}`);
      out.push(`${d}/${e.name} ${st.size} ${st.mtime?.getTime()}`);
      if (e.isDirectory) await walk(`${d}/${e.name}`);
    }
  };
  await walk(dir);
  return out.sort();
}
