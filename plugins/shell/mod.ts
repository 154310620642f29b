/**
 * The shell plugin: run allow-listed programs, either to completion with
 * their output captured (`Command.create(name, args).execute()` of
 * `@tauri-apps/plugin-shell`) or as streaming children (`spawn()`, then
 * `child.write()` / `child.kill()`). The scope names each program:
 * `{ name, cmd, args }`, where `args` is `true` (any), `false`/absent (none),
 * or a list of fixed strings and `{ validator: "regex" }` entries matched one
 * to one; `execute` and `spawn` check it the same way.
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
/** One scope entry. */
const scopeEntry = z.strictObject({
  name: z.string().min(1),
  cmd: z.string().min(1).optional(),
  args: z.union([z.boolean(), z.array(argSpec)]).optional(),
  sidecar: z.boolean().optional(),
});
type ScopeEntry = z.infer<typeof scopeEntry>;

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

/**
 * The program and arguments to run for a call, checked against the scope granted to the
 * calling command (deny entries first); `forbidden` otherwise, before anything runs.
 */
function resolve(ctx: PluginCallContext<CommandArgs>): { cmd: string; args: string[] } {
  const { program } = ctx.args;
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
  const why = entries.map((e) => argsAllowed(e, args));
  const entry = entries.find((_, i) => why[i] === undefined);
  if (!entry) {
    throw forbidden(
      `program "${program}": ${why[0]} by the shell scope ("${ctx.permission}")`,
      ctx.permission,
    );
  }
  return { cmd: entry.cmd ?? entry.name, args };
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
      args: commandArgs,
      run: async (ctx: PluginCallContext<CommandArgs>) => {
        const { cmd, args } = resolve(ctx);
        const options = ctx.args.options;
        const encoding = outputEncoding(options?.encoding);
        let out: Deno.CommandOutput;
        try {
          out = await new Deno.Command(cmd, {
            args,
            cwd: options?.cwd ?? undefined,
            env: options?.env ?? undefined,
            clearEnv: options?.env === null,
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
          const { cmd, args } = resolve(ctx);
          const options = ctx.args.options;
          const encoding = outputEncoding(options?.encoding);
          try {
            return spawnChild(ctx.host, {
              cmd,
              args,
              cwd: options?.cwd ?? undefined,
              env: options?.env ?? undefined,
              clearEnv: options?.env === null,
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
