/** `panes.shell.Command.create(name, args).execute()`, as in `@tauri-apps/plugin-shell`. @module */

/** Runs in the page. */
export function installShellApi(): void {
  const w = window as unknown as Record<string, Record<string, unknown>>;
  const invoke = w.__TAURI_INTERNALS__.invoke as (c: string, a?: unknown) => Promise<unknown>;
  class Command {
    program: string;
    args: string[];
    options: Record<string, unknown>;
    constructor(program: string, args: string | string[] = [], options?: Record<string, unknown>) {
      this.program = program;
      this.args = typeof args === "string" ? [args] : args;
      this.options = options ?? {};
    }
    static create(program: string, args?: string | string[], options?: Record<string, unknown>) {
      return new Command(program, args, options);
    }
    execute() {
      return invoke("plugin:shell|execute", {
        program: this.program,
        args: this.args,
        options: this.options,
      });
    }
  }
  const api = { Command };
  w.panes.shell = api;
  (w.__TAURI__ ??= {}).shell = api;
}
