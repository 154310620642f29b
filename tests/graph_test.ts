// graph.ts names every module panes imports by a computed specifier (loaded on demand, so not in
// the graph `deno run` loads up front), so that `deno compile --include .../graph` and the
// module-graph copy (tests/readonly_copy_test.ts) carry them. A module loaded on demand that
// graph.ts forgets would be missing from a compiled binary: this test finds every such import in
// panes' sources and checks it is in graph.ts's module graph.
import { codeGraph } from "./support/code_graph.ts";
import { assert, assertEquals } from "./support/assert.ts";

const root = new URL("../", import.meta.url);
const SKIP = new Set(["tests", "bench", "tools", "examples", "node_modules", "init"]);

async function sources(dir: URL, out: URL[] = []): Promise<URL[]> {
  for await (const e of Deno.readDir(dir)) {
    if (e.name.startsWith(".") || SKIP.has(e.name)) continue;
    const u = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
    if (e.isDirectory) await sources(u, out);
    else if (e.name.endsWith(".ts")) out.push(u);
  }
  return out;
}

Deno.test("graph.ts holds every module panes imports by a computed specifier", async () => {
  const lazy = new Set<string>();
  for (const file of await sources(root)) {
    const text = await Deno.readTextFile(file);
    // `later<typeof import("./x.ts")>("./x.ts")`, `loadLater<typeof import("./x.ts")>(…)` and
    // `import(new URL("./x.ts", import.meta.url)…)`.
    for (const m of text.matchAll(/[lL]ater<\s*typeof import\("([^"]+)"\)\s*>/g)) {
      lazy.add(new URL(m[1], file).href);
    }
    for (const m of text.matchAll(/import\(\s*new URL\("([^"]+)", import\.meta\.url\)/g)) {
      lazy.add(new URL(m[1], file).href);
    }
  }
  // The plugins (21), Tauri's core plugins (7), the main-isolate UI host, D-Bus and the tray (4),
  // the X11 key grabs and the two served transports at least.
  assert(lazy.size >= 36, `found only ${lazy.size} computed imports: the patterns above are stale`);
  const graph = await codeGraph(["graph.ts"]);
  const missing = [...lazy].filter((u) => !graph.has(u)).map((u) => u.slice(root.href.length));
  assertEquals(missing, [], "loaded on demand but not named in graph.ts");
  // The UI Worker's module, which no computed import names (a Worker starts it), is there too.
  assert(graph.has(new URL("ffi/ui/ui_worker.ts", root).href), "graph.ts names the UI Worker");
});
