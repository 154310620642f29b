/**
 * The shell plugin: run allow-listed programs, either to completion with
 * their output captured (`Command.create(name, args).execute()` of
 * `@tauri-apps/plugin-shell`) or as streaming children (`spawn()`, then
 * `child.write()` / `child.kill()`). The scope names each program:
 * `{ name, cmd, args, env, cwd }`, where `args` is `true` (any), `false`/absent
 * (none), or a list of fixed strings and `{ validator: "regex" }` entries
 * matched one to one; `env` names the variables a page may set and `cwd` the
 * folders (a glob) it may run in: neither is allowed otherwise. `execute` and
 * `spawn` check it the same way, and run the program by the absolute path
 * found on the host's `PATH`.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { Channel } from "../../bridge/channel.ts";
import {
  definePlugin,
  forbidden,
  pageCall,
  type Plugin,
  type PluginCallContext,
} from "../plugin.ts";
import { type AppDirs, BASE_DIRECTORY, expandVars, globToRegExp, normalizePath } from "../paths.ts";
import { installShellApi } from "./page.ts";
import {
  disposeWindowChildren,
  outputEncoding,
  ownChild,
  type ShellEvent,
  spawnChild,
  terminated,
} from "./child.ts";

const argSpec = z.union([z.string(), z.strictObject({ validator: z.string() })]);
// The variables a cwd pattern may start with ($HOME, $APPDATA, …), as in fs scopes. A constant:
// importing panes reads nothing from the system.
const DIR_VARIABLES = Object.values(BASE_DIRECTORY);

/**
 * One scope entry. Tauri's has `name`, `cmd`, `args` and `sidecar`, and lets the page set any
 * environment variable and working directory, which turns any allowed program into any code
 * (`GIT_CONFIG_*` for git, `PATH`, `LD_PRELOAD`, a folder holding a hostile `.git/config`).
 * panes adds `env` (the variable names a page may set) and `cwd` (a folder glob, `$APPDATA`-style
 * variables allowed, matched after resolving symlinks); without them a page sets neither.
 */
const scopeEntry = z.strictObject({
  name: z.string().min(1),
  cmd: z.string().min(1).optional(),
  args: z.union([z.boolean(), z.array(argSpec)]).optional(),
  sidecar: z.boolean().optional(),
  env: z.array(z.string().regex(/^[^=\0]+$/, "an environment variable name")).optional(),
  cwd: z.string().refine(
    (p) => {
      const v = /^\$([A-Z]+)/.exec(p);
      return v ? DIR_VARIABLES.includes(v[1]) : p.startsWith("/");
    },
    `an absolute folder glob, or one starting with a folder variable (${
      DIR_VARIABLES.map((v) => "$" + v).join(", ")
    })`,
  ).optional(),
});
type ScopeEntry = z.infer<typeof scopeEntry>;

/** Why `env` (the page's variables) is outside `entry`, or undefined when it is not. */
function envAllowed(entry: ScopeEntry, env: Record<string, string> | null | undefined) {
  // null clears the environment (Tauri's meaning): the page adds nothing.
  const refused = Object.keys(env ?? {}).filter((k) => !entry.env?.includes(k));
  if (refused.length === 0) return undefined;
  const names = refused.map((k) => JSON.stringify(k)).join(", ");
  return `environment variable${refused.length > 1 ? "s" : ""} ${names} ${
    refused.length > 1 ? "are" : "is"
  } not allowed (an entry allows variables by name: env: [${names}])`;
}

/**
 * The folder glob `pattern` with its variables expanded and its literal leading folders
 * resolved as the working directory is (symlinks), so both sides compare as real paths.
 */
function realGlob(pattern: string, dirs: AppDirs): string {
  const parts = normalizePath(expandVars(pattern, dirs)).split("/");
  const wild = parts.findIndex((p) => /[*?]/.test(p));
  const literal = (wild < 0 ? parts : parts.slice(0, wild)).join("/") || "/";
  let real = literal;
  try {
    real = Deno.realPathSync(literal);
  } catch {
    // Does not exist (yet): nothing can match beneath it anyway.
  }
  return wild < 0 ? real : `${real === "/" ? "" : real}/${parts.slice(wild).join("/")}`;
}

/**
 * Why the working directory is outside `entry`, or undefined when it is not: `real` is checked,
 * `asked` (what the page sent) named, so a refusal does not tell where a symlink leads.
 */
function cwdAllowed(
  entry: ScopeEntry,
  real: string,
  asked: string,
  dirs: AppDirs,
): string | undefined {
  const named = JSON.stringify(asked);
  if (entry.cwd === undefined) {
    return `cwd ${named} is not allowed (an entry allows folders with cwd: "<glob>")`;
  }
  if (globToRegExp(realGlob(entry.cwd, dirs)).test(real)) return undefined;
  return `cwd ${named} is outside the entry's cwd ${JSON.stringify(entry.cwd)}`;
}

/**
 * Absolute paths of the programs run so far, by the `cmd` of their scope entry. A bare name is
 * looked up once on the host's `PATH` (never the child's: a page-set `PATH` would otherwise pick
 * the program) and the child is started by that path.
 */
const programPaths = new Map<string, string>();

function programPath(cmd: string): string {
  let path = programPaths.get(cmd);
  if (path) return path;
  if (cmd.includes("/")) {
    path = cmd.startsWith("/") ? cmd : normalizePath(`${Deno.cwd()}/${cmd}`);
  } else {
    // Relative PATH entries ("" or ".") name the current folder: skipped.
    const dirs = (Deno.env.get("PATH") ?? "").split(":").filter((d) => d.startsWith("/"));
    path = dirs.map((d) => `${d}/${cmd}`).find((p) => {
      try {
        const st = Deno.statSync(p);
        return st.isFile && ((st.mode ?? 0o111) & 0o111) !== 0;
      } catch {
        return false;
      }
    });
    if (!path) throw new Error(`"${cmd}" is not an executable on the host's PATH`);
  }
  programPaths.set(cmd, path);
  return path;
}

function argsAllowed(entry: ScopeEntry, args: string[]): string | undefined {
  if (entry.args === true) return undefined;
  const spec = entry.args === false || entry.args === undefined ? [] : entry.args;
  if (spec.length !== args.length) {
    return `expects ${spec.length} argument(s), got ${args.length}`;
  }
  for (let i = 0; i < spec.length; i++) {
    const s = spec[i];
    if (typeof s === "string" ? s !== args[i] : !new RegExp(`^(?:${s.validator})$`).test(args[i])) {
      return `argument ${i + 1} ${JSON.stringify(args[i])} is not allowed`;
    }
  }
  return undefined;
}

const commandArgs = z.object({
  program: z.string().min(1),
  args: z.union([z.string(), z.array(z.string())]).nullish(),
  options: z.object({
    cwd: z.string().nullish(),
    // null (not absent) clears the environment, as in Tauri.
    env: z.record(z.string(), z.string()).nullish(),
    encoding: z.string().nullish(),
    sidecar: z.boolean().nullish(),
  }).passthrough().nullish(),
});
type CommandArgs = z.infer<typeof commandArgs>;

/** What to start for a call: everything in it checked against the scope. */
interface Resolved {
  /** The program's absolute path. */
  cmd: string;
  args: string[];
  /** The real working directory, when the page asked for one. */
  cwd?: string;
  /** Variables the page set (each allowed by name). */
  env?: Record<string, string>;
  /** Start from an empty environment (Tauri's `env: null`). */
  clearEnv: boolean;
}

/**
 * The program, arguments, environment and working directory for a call, checked against the
 * scope granted to the calling command (deny entries first); `forbidden` otherwise, before
 * anything runs.
 */
function resolve(ctx: PluginCallContext<CommandArgs>): Resolved {
  const { program } = ctx.args;
  const options = ctx.args.options;
  // Sidecars are binaries bundled next to a Tauri app: panes has no bundle to find them in, and
  // running a same-named program from PATH instead would be a different program.
  if (ctx.args.options?.sidecar) {
    throw new InvokeError(
      `sidecar "${program}": sidecars are not supported by panes (grant the program by path)`,
      undefined,
      "unsupported",
    );
  }
  const args = typeof ctx.args.args === "string" ? [ctx.args.args] : ctx.args.args ?? [];
  const named = (e: unknown) => (e as ScopeEntry).name === program;
  if (ctx.scope.deny.some(named)) {
    throw forbidden(
      `program "${program}" is denied by the shell scope ("${ctx.permission}")`,
      ctx.permission,
    );
  }
  const entries = ctx.scope.allow.filter(named) as ScopeEntry[];
  if (entries.length === 0) {
    throw forbidden(
      `program "${program}" is not in the shell scope granted to "${ctx.permission}" (add { name: "${program}", cmd, args })`,
      ctx.permission,
    );
  }
  const asked = options?.cwd ?? undefined;
  let cwd: string | undefined;
  if (asked !== undefined) {
    if (!asked.startsWith("/")) {
      throw forbidden(
        `program "${program}": cwd ${JSON.stringify(asked)} must be an absolute path`,
        ctx.permission,
      );
    }
    // Checked and used as its real path: a symlink cannot lead the child elsewhere. A folder that
    // does not exist is checked as written, so that a page learns nothing about folders outside.
    try {
      cwd = Deno.realPathSync(asked);
    } catch {
      cwd = undefined;
    }
  }
  const why = entries.map((e) =>
    argsAllowed(e, args) ?? envAllowed(e, options?.env) ??
      (asked === undefined
        ? undefined
        : cwdAllowed(e, cwd ?? normalizePath(asked), asked, ctx.host.dirs))
  );
  const entry = entries.find((_, i) => why[i] === undefined);
  if (!entry) {
    throw forbidden(
      `program "${program}" refused by the shell scope of "${ctx.permission}": ${why[0]}`,
      ctx.permission,
    );
  }
  if (asked !== undefined && cwd === undefined) {
    throw cannotRun(program, `working directory ${JSON.stringify(asked)} does not exist`);
  }
  let cmd: string;
  try {
    cmd = programPath(entry.cmd ?? entry.name);
  } catch (e) {
    throw cannotRun(program, e);
  }
  return {
    cmd,
    args,
    cwd,
    env: options?.env ?? undefined,
    clearEnv: options?.env === null,
  };
}

function cannotRun(program: string, e: unknown): InvokeError {
  return new InvokeError(
    `cannot run "${program}": ${e instanceof Error ? e.message : e}`,
    undefined,
    "shell",
  );
}

const spawnArgs = commandArgs.extend({
  // No message schema: the host builds every event itself, and checking millions of lines would
  // cost more than the sending.
  onEvent: Channel.of<ShellEvent>(),
});
const pidArgs = z.object({ pid: z.number().int().positive() });
const stdinArgs = pidArgs.extend({
  buffer: z.union([z.string(), z.array(z.number().int().min(0).max(255))]),
});
// `cmd: "killChild"` is what the guest package sends; Tauri ignores it.
const killArgs = pidArgs.extend({ cmd: z.string().optional() });

/** The shell plugin. */
export const shellPlugin: Plugin = definePlugin({
  name: "shell",
  description: "Run allow-listed programs: capture their output or stream it from a child.",
  scopeSchema: scopeEntry,
  commands: {
    execute: {
      unbounded: true, // a program may run as long as it needs
      args: commandArgs,
      run: async (ctx: PluginCallContext<CommandArgs>) => {
        const { cmd, args, cwd, env, clearEnv } = resolve(ctx);
        const encoding = outputEncoding(ctx.args.options?.encoding);
        let out: Deno.CommandOutput;
        try {
          out = await new Deno.Command(cmd, {
            args,
            cwd,
            env,
            clearEnv,
            stdin: "null",
            stdout: "piped",
            stderr: "piped",
          }).output();
        } catch (e) {
          throw cannotRun(ctx.args.program, e);
        }
        const decode = (b: Uint8Array) =>
          encoding.raw ? Array.from(b) : new TextDecoder(encoding.label ?? "utf-8").decode(b);
        return { ...terminated(out), stdout: decode(out.stdout), stderr: decode(out.stderr) };
      },
    },
    spawn: {
      args: spawnArgs,
      run: (ctx: PluginCallContext<z.infer<typeof spawnArgs>>) => {
        const channel = ctx.args.onEvent;
        try {
          const label = ctx.window.label;
          // Registration below is synchronous: a window still open here cannot have had its
          // children killed yet, so no child outlives its window.
          if (!ctx.host.window(label)) throw new InvokeError(`window "${label}" closed`);
          const { cmd, args, cwd, env, clearEnv } = resolve(ctx);
          const encoding = outputEncoding(ctx.args.options?.encoding);
          try {
            return spawnChild(ctx.host, {
              cmd,
              args,
              cwd,
              env,
              clearEnv,
              encoding,
              label,
              channel,
            }).pid;
          } catch (e) {
            throw cannotRun(ctx.args.program, e);
          }
        } catch (e) {
          // Nothing will ever be sent on it: let the page drop its callback.
          channel.close();
          throw e;
        }
      },
    },
    stdin_write: {
      args: stdinArgs,
      run: async (ctx: PluginCallContext<z.infer<typeof stdinArgs>>) => {
        const child = ownChild(ctx.host, ctx.args.pid, ctx.window.label);
        const { buffer } = ctx.args;
        await child.write(
          typeof buffer === "string" ? new TextEncoder().encode(buffer) : Uint8Array.from(buffer),
        );
      },
    },
    kill: {
      args: killArgs,
      run: (ctx: PluginCallContext<z.infer<typeof killArgs>>) => {
        ownChild(ctx.host, ctx.args.pid, ctx.window.label).kill();
      },
    },
  },
  permissions: {
    default: {
      description:
        "Nothing runs by default: grant shell:allow-execute or shell:allow-spawn with a scope of named programs.",
      permissions: [],
    },
    "allow-spawn": {
      description:
        "Enables the spawn command (the child's output streams to its onEvent channel); give it a scope of named programs.",
      commands: { allow: ["spawn"] },
    },
  },
  pageScript: () => pageCall(installShellApi, null),
  // A window's children end with it (and so with the app): no process outlives its page.
  // A window that is still open (single mode hides it on the user's close) keeps its children.
  windowClosed: (host, label) =>
    host.window(label) ? undefined : disposeWindowChildren(host, label),
});
