// `init.ts` writes a new app whose own test passes: the app is type-checked (the page's
// `panes.invoke` is typed by the host's commands), and its test opens the window under the
// virtual display that `@panes/panes/testing` starts when there is none.
import { assert, assertEquals, assertRejects } from "./support/assert.ts";
import { initProject } from "../init.ts";

const root = new URL("../", import.meta.url).pathname;
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    clearEnv: true, // no DISPLAY: the app's test must start its own display
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/root",
      NO_COLOR: "1",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(240_000),
  }).output();
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("init writes an app whose own test opens its window and passes", async () => {
  const parent = await Deno.makeTempDir({ prefix: "panes-init-" });
  try {
    const made = await run(["run", "-A", `${root}init.ts`, "my-app"], parent);
    assertEquals(made.code, 0, made.stderr);
    const dir = `${parent}/my-app`;
    const config = JSON.parse(await Deno.readTextFile(`${dir}/deno.json`));
    assertEquals(Object.keys(config.tasks).sort(), ["compile", "dev", "start", "test"]);
    assert(config.tasks.dev.includes("PANES_HOT_RELOAD=1"), config.tasks.dev);
    assert(config.tasks.compile.startsWith("deno compile"), config.tasks.compile);

    const checked = await run(["check", "main.ts", "main_test.ts"], dir);
    assertEquals(checked.code, 0, checked.stderr);
    const tested = await run(["task", "test"], dir);
    assertEquals(tested.code, 0, tested.stdout + tested.stderr);
    assert(/ok \| 1 passed \| 0 failed/.test(tested.stdout), tested.stdout);
    // The display the app's test started went with it (Xvfb -terminate: its last client left).
    let left = "";
    for (let i = 0; i < 100; i++) {
      // "[X]vfb" does not match pgrep's own command line.
      const out = await new Deno.Command("pgrep", { args: ["-fa", "[X]vfb .*-terminate"] })
        .output();
      left = decode(out.stdout).trim();
      if (!left) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assertEquals(left, "", "the app test's virtual display is still running");

    // The page's call is typed by the command: a wrong body is a type error in the app.
    const page = await Deno.readTextFile(`${dir}/page/page.ts`);
    await Deno.writeTextFile(
      `${dir}/page/page.ts`,
      page.replace(`b: $("b").valueAsNumber`, `b: "3"`),
    );
    const wrong = await run(["check", "main.ts"], dir);
    assert(wrong.code !== 0, "a string where the command wants a number must not type-check");
    assert(/page\.ts/.test(wrong.stderr), wrong.stderr);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("init refuses a folder with files and a bad name; an empty folder is fine", async () => {
  const parent = await Deno.makeTempDir({ prefix: "panes-init-" });
  try {
    await Deno.mkdir(`${parent}/taken`);
    await Deno.writeTextFile(`${parent}/taken/notes.txt`, "mine");
    await assertRejects(() => initProject(`${parent}/taken`), Error, "is not empty");
    assertEquals(await Deno.readTextFile(`${parent}/taken/notes.txt`), "mine");
    await assertRejects(
      () => initProject(`${parent}/bad name!`),
      TypeError,
      "not a usable app name",
    );
    // Positive control: an existing empty folder is used.
    await Deno.mkdir(`${parent}/empty`);
    const made = await initProject(`${parent}/empty`);
    assertEquals(made.files.includes("main.ts"), true);
    assert((await Deno.readTextFile(`${parent}/empty/main.ts`)).includes("<h1>empty</h1>"));
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});
