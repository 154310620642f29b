import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const made = await Deno.makeTempDir({ prefix: "panes-shell-env-" });
// The scope names the folder as an app would ($TEMP/…); the checks run on real paths.
const tmpVar = `$TEMP${made.slice((Deno.env.get("TMPDIR") || "/tmp").replace(/\/$/, "").length)}`;
const tmp = await Deno.realPath(made);
const marker = `${tmp}/pwned`;

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[], cwd: string): Promise<boolean> {
  try {
    const r = await new Deno.Command(cmd, { args, cwd, stdout: "null", stderr: "null" }).output();
    return r.success;
  } catch {
    return false;
  }
}

/** A git repository with one committed file at `dir`; false without git. */
async function gitRepo(dir: string): Promise<boolean> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/a.txt`, "a\n");
  return await run("git", ["init", "-q"], dir) && await run("git", ["add", "a.txt"], dir) &&
    await run("git", ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "a"], dir);
}

// Folders the scope allows ($TEMP-relative, as an app would write $APPDATA/…) and one it does not.
const allowed = `${tmp}/allowed`;
const outside = `${tmp}/outside`;
const hasGit = await gitRepo(`${allowed}/repo`) && await gitRepo(outside);
// A repository outside whose own config runs a command on `git status`.
if (hasGit) {
  await run("git", ["config", "core.fsmonitor", `touch ${marker}`], outside);
}
// Inside the allowed folder, a symlink that leads outside it.
await Deno.symlink(outside, `${allowed}/link-out`);
// A folder with programs named like real ones: a page-set PATH must not reach them.
const fakeBin = `${tmp}/fakebin`;
await Deno.mkdir(fakeBin);
for (const name of ["sh", "git", "printenv"]) {
  await Deno.writeTextFile(`${fakeBin}/${name}`, `#!/bin/sh\ntouch '${marker}'\necho fake\n`);
  await Deno.chmod(`${fakeBin}/${name}`, 0o755);
}

const PRINT_LANG = `printf '%s' "$LANG"`;
const SCOPE = [
  // The README's own example: fixed arguments, no env, no cwd.
  { name: "git-status", cmd: "git", args: ["status", "--short"] },
  // The same program, allowed to run in the allowed folder (and below) only.
  { name: "git-status-in", cmd: "git", args: ["status", "--short"], cwd: `${tmpVar}/allowed/**` },
  { name: "lang", cmd: "sh", args: ["-c", PRINT_LANG] },
  { name: "lang-env", cmd: "sh", args: ["-c", PRINT_LANG], env: ["LANG"] },
  // PATH allowed by name: the child gets it, but the program is still the host's sh.
  { name: "path-env", cmd: "sh", args: ["-c", `printf '%s' "$PATH"`], env: ["PATH"] },
];

async function newWindow() {
  const app = new App({
    config: false,
    plugins: ["shell"],
    capabilities: [{
      identifier: "s",
      windows: ["main"],
      permissions: [
        { identifier: "shell:allow-execute", allow: SCOPE },
        { identifier: "shell:allow-spawn", allow: SCOPE },
      ],
    }],
  });
  const win = await app.show(`${await guestScriptTag()}<p>shell env</p>`, {
    label: "main",
    width: 240,
    height: 160,
  });
  return { app, win };
}

/** A page call that runs `name` with `args` and `options`, by `execute()` or by `spawn()`. */
function runIn(how: "execute" | "spawn", name: string, args: string[], options: unknown): string {
  const create = `tauriGuest.shell.Command.create(${JSON.stringify(name)}, ${
    JSON.stringify(args)
  }, ${JSON.stringify(options)})`;
  if (how === "execute") return `return await ${create}.execute()`;
  // spawn: the stdout lines and the exit code, as execute gives them.
  return `
    const cmd = ${create};
    let stdout = "";
    cmd.stdout.on("data", (d) => stdout += d);
    const closed = new Promise((r) => cmd.on("close", r));
    await cmd.spawn();
    const { code } = await closed;
    return { code, stdout };`;
}

for (const how of ["execute", "spawn"] as const) {
  Deno.test(
    `shell ${how}: page-supplied env is refused unless the scope entry names the variable; the program comes from the host's PATH`,
    WINDOW_TEST,
    async () => {
      const { app, win } = await newWindow();
      await using _ = app;
      const exec = (name: string, args: string[], options: unknown = {}) =>
        win.evalJs<Result>(call(runIn(how, name, args, options)));
      const lang = ["-c", PRINT_LANG];

      // Positive controls: the same programs without env run, and an entry with env: ["LANG"]
      // passes LANG through.
      const plain = await exec("lang", lang);
      assert(plain.ok, JSON.stringify(plain));
      assertEquals((plain.v as { code: number }).code, 0);
      const withLang = await exec("lang-env", lang, { env: { LANG: "panes-test-lang" } });
      assert(withLang.ok, JSON.stringify(withLang));
      assertMatch(JSON.stringify(withLang.v), /"code":0/);
      assertMatch(JSON.stringify(withLang.v), /"stdout":"panes-test-lang"/);
      // env: null clears the environment (Tauri's meaning): it adds nothing, so it is allowed.
      const cleared = await exec("lang", lang, { env: null });
      assert(cleared.ok, JSON.stringify(cleared));
      assertMatch(JSON.stringify(cleared.v), /"stdout":""/);

      const refused: Array<[string, string, string[], Record<string, string>, RegExp]> = [
        ["LANG on an entry without env", "lang", lang, { LANG: "x" }, /"LANG"/],
        ["PATH to a folder of fake programs", "lang", lang, { PATH: fakeBin }, /"PATH"/],
        ["LD_PRELOAD", "lang", lang, { LD_PRELOAD: `${tmp}/x.so` }, /"LD_PRELOAD"/],
        ["a variable besides the allowed one", "lang-env", lang, {
          LANG: "x",
          BASH_ENV: marker,
        }, /"BASH_ENV"/],
        ["git config from the environment", "git-status", ["status", "--short"], {
          GIT_CONFIG_COUNT: "1",
          GIT_CONFIG_KEY_0: "core.fsmonitor",
          GIT_CONFIG_VALUE_0: `touch ${marker}`,
        }, /"GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0" are not allowed/],
      ];
      for (const [what, name, args, env, names] of refused) {
        const r = await exec(name, args, { env });
        assertRejectsWithString(r, names, what);
      }

      // PATH allowed by name reaches the child, but the program was found on the host's PATH.
      const path = await exec("path-env", ["-c", `printf '%s' "$PATH"`], {
        env: { PATH: fakeBin },
      });
      assert(path.ok, JSON.stringify(path));
      assertMatch(JSON.stringify(path.v), new RegExp(`"stdout":"${fakeBin}"`));
      assertEquals(await exists(marker), false, "a page-set PATH chose the program");

      if (hasGit) {
        // Positive control: the README's git status runs without env.
        const status = await exec("git-status-in", ["status", "--short"], {
          cwd: `${allowed}/repo`,
        });
        assert(status.ok, JSON.stringify(status));
        assertMatch(JSON.stringify(status.v), /"code":0/);
      }
      assertEquals(await exists(marker), false, "a refused call ran code");
    },
  );

  Deno.test(
    `shell ${how}: a page-supplied cwd is refused unless it is inside the scope entry's cwd, after symlinks`,
    WINDOW_TEST,
    async () => {
      const { app, win } = await newWindow();
      await using _ = app;
      const exec = (name: string, options: unknown) =>
        win.evalJs<Result>(call(runIn(how, name, ["-c", PRINT_LANG], options)));

      // Positive control: the same entry runs inside its folder (the folder itself and below).
      await Deno.mkdir(`${allowed}/sub`, { recursive: true });
      const gitLike = "git-status-in";
      const inside = await win.evalJs<Result>(
        call(runIn(how, gitLike, ["status", "--short"], { cwd: `${allowed}/repo` })),
      );
      if (hasGit) {
        assert(inside.ok, JSON.stringify(inside));
        assertMatch(JSON.stringify(inside.v), /"code":0/);
      } else {
        // Without git the call passes the scope and fails to start: not forbidden.
        assertRejectsWithString(inside, /cannot run/);
      }
      // And without a cwd, the entry without one runs.
      const noCwd = await exec("lang", {});
      assert(noCwd.ok, JSON.stringify(noCwd));

      const refused: Array<[string, string, string, unknown, RegExp]> = [
        ["cwd on an entry without cwd", "lang", "-c", { cwd: allowed }, /cwd .* is not allowed/],
        ["a folder outside", gitLike, "status", { cwd: outside }, /outside the entry's cwd/],
        ["a symlink leading outside", gitLike, "status", {
          cwd: `${allowed}/link-out`,
        }, /outside the entry's cwd/],
        ["dot-dot out of the folder", gitLike, "status", {
          cwd: `${allowed}/repo/../../outside`,
        }, /outside the entry's cwd/],
        ["a relative path", gitLike, "status", { cwd: "outside" }, /must be an absolute path/],
        ["a missing folder outside", gitLike, "status", {
          cwd: `${tmp}/nowhere`,
        }, /outside the entry's cwd/],
      ];
      for (const [what, name, first, options, why] of refused) {
        const args = first === "-c" ? ["-c", PRINT_LANG] : ["status", "--short"];
        const r = await win.evalJs<Result>(call(runIn(how, name, args, options)));
        assertRejectsWithString(r, why, what);
      }
      assertEquals(await exists(marker), false, "git ran in a folder outside the scope");
    },
  );
}
