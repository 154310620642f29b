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

/**
 * The kernel this code runs under, or undefined outside `deno jupyter`. (Reading
 * `Deno.jupyter` elsewhere throws "only available in `deno jupyter` subcommand".)
 */
export function jupyterKernel(): Kernel | undefined {
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
