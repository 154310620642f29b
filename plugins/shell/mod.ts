/**
 * The shell plugin: run allow-listed programs and capture their output
 * (`@tauri-apps/plugin-shell`'s `Command.create(name, args).execute()`).
 * The scope names each program: `{ name, cmd, args }`, where `args` is
 * `true` (any), `false`/absent (none), or a list of fixed strings and
 * `{ validator: "regex" }` entries matched one to one.
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import {
  definePlugin,
  forbidden,
  pageCall,
  type Plugin,
  type PluginCallContext,
} from "../plugin.ts";
import { installShellApi } from "./page.ts";

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

const executeArgs = z.object({
  program: z.string().min(1),
  args: z.union([z.string(), z.array(z.string())]).nullish(),
  options: z.object({
    cwd: z.string().nullish(),
    env: z.record(z.string(), z.string()).nullish(),
    encoding: z.string().nullish(),
    sidecar: z.boolean().nullish(),
  }).passthrough().nullish(),
});

/** The shell plugin. */
export const shellPlugin: Plugin = definePlugin({
  name: "shell",
  description: "Run allow-listed programs and capture their output.",
  scopeSchema: scopeEntry,
  commands: {
    execute: {
      args: executeArgs,
      run: async (ctx: PluginCallContext<z.infer<typeof executeArgs>>) => {
        const { program } = ctx.args;
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
        let out: Deno.CommandOutput;
        try {
          out = await new Deno.Command(entry.cmd ?? entry.name, {
            args,
            cwd: ctx.args.options?.cwd ?? undefined,
            env: ctx.args.options?.env ?? undefined,
            stdin: "null",
            stdout: "piped",
            stderr: "piped",
          }).output();
        } catch (e) {
          throw new InvokeError(
            `cannot run "${program}": ${e instanceof Error ? e.message : e}`,
            undefined,
            "shell",
          );
        }
        const decode = (b: Uint8Array) =>
          new TextDecoder(ctx.args.options?.encoding ?? "utf-8").decode(b);
        return {
          code: out.signal ? null : out.code,
          signal: out.signal ? Deno.build.os === "linux" ? signalNumber(out.signal) : null : null,
          stdout: decode(out.stdout),
          stderr: decode(out.stderr),
        };
      },
    },
  },
  permissions: {
    default: {
      description:
        "Nothing runs by default: grant shell:allow-execute with a scope of named programs.",
      permissions: [],
    },
  },
  pageScript: () => pageCall(installShellApi, null),
});

function signalNumber(sig: Deno.Signal): number | null {
  const table: Record<string, number> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGSEGV: 11,
    SIGPIPE: 13,
    SIGALRM: 14,
    SIGTERM: 15,
  };
  return table[sig] ?? null;
}
