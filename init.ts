/**
 * Starts a panes project in one command:
 *
 *     deno run -A jsr:@panes/panes/init my-app      (from JSR)
 *     deno run -A path/to/panes/init.ts my-app      (from a checkout)
 *
 * writes `my-app/` with `deno.json` (tasks `dev` with hot reload, `start`, `test`, `compile`),
 * a typed command, a page that calls it with the command's types, and a test that opens the
 * window under a virtual display and checks what it shows. It refuses a folder that is not empty.
 * From a checkout the app imports that checkout; from JSR, the published version.
 * @module
 */

import commandsTs from "./init/template/commands.ts.tmpl" with { type: "text" };
import mainTs from "./init/template/main.ts.tmpl" with { type: "text" };
import mainTestTs from "./init/template/main_test.ts.tmpl" with { type: "text" };
import pageTs from "./init/template/page/page.ts.tmpl" with { type: "text" };
import styleCss from "./init/template/page/style.css.tmpl" with { type: "text" };
import panesConfig from "./deno.json" with { type: "json" };

/** What {@linkcode initProject} wrote. */
export interface InitResult {
  /** The project folder (absolute). */
  dir: string;
  /** The files written, relative to `dir`. */
  files: string[];
}

/** Where the new app imports panes from. */
function panesImports(): Record<string, string> {
  const here = new URL(".", import.meta.url);
  const deps = panesConfig.imports as Record<string, string>;
  // Bare specifiers panes itself uses: the app's import map resolves them inside panes' files.
  const own = { zod: deps.zod };
  if (here.protocol !== "file:") {
    const spec = `jsr:${panesConfig.name}@^${panesConfig.version}`;
    // Subpaths (`@panes/panes/testing`) resolve through this one entry, as `deno add` writes it.
    return { [panesConfig.name]: spec, ...own };
  }
  // libwebview's npm package, which panes' module graph holds (ffi/main/library.ts).
  const map: Record<string, string> = { ...own, "webview-bun": deps["webview-bun"] };
  for (const [sub, file] of Object.entries(panesConfig.exports)) {
    map[sub === "." ? panesConfig.name : `${panesConfig.name}${sub.slice(1)}`] =
      new URL(file, here).href;
  }
  return map;
}

/** Where panes' graph.ts is, as `deno compile --include` takes it (a path or a jsr: specifier). */
function graphSpecifier(): string {
  const here = new URL(".", import.meta.url);
  if (here.protocol !== "file:") return `jsr:${panesConfig.name}@^${panesConfig.version}/graph`;
  return new URL("graph.ts", here).pathname;
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * Writes a new app into `dir` (created if missing; must be empty). `name` defaults to the
 * folder's name. Throws a clear error for a bad name or a folder that already has files.
 */
export async function initProject(dir: string, name?: string): Promise<InitResult> {
  const abs = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  const title = name ?? abs.replace(/\/+$/, "").split("/").pop() ?? "";
  if (!NAME.test(title)) {
    throw new TypeError(
      `panes init: "${title}" is not a usable app name (letters, digits, ".", "_" and "-")`,
    );
  }
  try {
    for await (const _ of Deno.readDir(abs)) {
      throw new Error(`panes init: ${abs} is not empty; choose a new folder`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const denoJson = {
    tasks: {
      dev: "PANES_HOT_RELOAD=1 deno run -A --watch main.ts",
      start: "deno run -A main.ts",
      test: "deno test -A",
      // graph.ts: the modules panes loads on demand, which deno compile would otherwise leave out.
      compile: `deno compile -A --include ${graphSpecifier()} --output ${title} main.ts`,
    },
    imports: panesImports(),
    // The page's script (page/page.ts) uses the DOM, and so do panes' own page pieces.
    compilerOptions: { lib: ["deno.window", "dom"] },
  };
  const files: Record<string, string> = {
    "deno.json": JSON.stringify(denoJson, null, 2) + "\n",
    "commands.ts": commandsTs,
    "main.ts": mainTs.replaceAll("__NAME__", title),
    "main_test.ts": mainTestTs,
    "page/page.ts": pageTs,
    "page/style.css": styleCss,
  };
  await Deno.mkdir(`${abs}/page`, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${abs}/${file}`, text, { createNew: true });
  }
  return { dir: abs, files: Object.keys(files) };
}

if (import.meta.main) {
  const [dir, ...rest] = Deno.args;
  if (!dir || dir.startsWith("-") || rest.length) {
    console.error("usage: deno run -A jsr:@panes/panes/init <folder>");
    Deno.exit(2);
  }
  try {
    const { dir: out, files } = await initProject(dir);
    console.log(`wrote ${out}:\n  ${files.join("\n  ")}\n
next:
  cd ${dir}
  deno task dev       # the window, with hot reload
  deno task test      # opens the window under a virtual display and checks it`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(1);
  }
}
