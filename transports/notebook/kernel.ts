/**
 * The one thing the notebook transport needs from Deno's Jupyter kernel: publishing messages
 * on IOPub (`Deno.jupyter.broadcast`: `display_data`, `update_display_data`, `comm_open`,
 * `comm_msg`, `comm_close`). Deno 2.9.6 has nothing that hears the frontend (no comm handler;
 * its kernel drops the frontend's `comm_msg`): see docs/notebook.md for the evidence.
 * @module
 */

/** Publishes one IOPub message, as a child of the cell that is running (or ran last). */
export interface Kernel {
  broadcast(
    msgType: string,
    content: Record<string, unknown>,
    extra?: { metadata?: Record<string, unknown> },
  ): Promise<void> | void;
}

/** A kernel given in place of `Deno.jupyter` (`useKernel`). */
let given: Kernel | undefined;

/**
 * Makes `kernel` the one the notebook transport publishes on, as if this process ran under
 * `deno jupyter` (undefined: back to `Deno.jupyter`). For tests that play the kernel and the
 * frontend in one process (`tests/support/notebook_frontend.ts`); `Deno.jupyter` itself cannot
 * be replaced.
 */
export function useKernel(kernel: Kernel | undefined): void {
  given = kernel;
}

/**
 * The kernel this code runs under, or undefined outside `deno jupyter`. (Reading
 * `Deno.jupyter` elsewhere throws "only available in `deno jupyter` subcommand".)
 */
export function jupyterKernel(): Kernel | undefined {
  if (given) return given;
  try {
    const j = (Deno as unknown as { jupyter?: Partial<Kernel> }).jupyter;
    return typeof j?.broadcast === "function" ? j as Kernel : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this code runs in a cell of Deno's Jupyter kernel (`deno jupyter`). */
export function underJupyter(): boolean {
  return jupyterKernel() !== undefined;
}
