/**
 * Memory and CPU of a process tree, read from /proc: the host process plus
 * every descendant (WebKit's web and network processes, and any sandbox
 * helpers between them).
 * @module
 */

/** Memory of one process, in bytes. */
export interface ProcessMemory {
  pid: number;
  name: string;
  rss: number;
  pss: number;
}

/** Memory of a process tree: the sum, and the root (host) process on its own. */
export interface TreeMemory {
  /** Summed RSS of every process in the tree. */
  rss: number;
  /** Summed PSS of every process in the tree. */
  pss: number;
  /** RSS of the root process alone. */
  hostRss: number;
  /** PSS of the root process alone. */
  hostPss: number;
  /** Every process measured. */
  processes: ProcessMemory[];
}

function readText(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** `/proc/<pid>/stat` split after the command name (which may hold spaces). */
function statFields(pid: number): { name: string; fields: string[] } | undefined {
  const text = readText(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  return {
    name: text.slice(open + 1, close),
    fields: text.slice(close + 2).trim().split(" "),
  };
}

/** `pid` and every live descendant of it, `pid` first. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const child = Number(entry.name);
    const st = statFields(child);
    if (!st) continue;
    const ppid = Number(st.fields[1]); // field 4 of stat: ppid
    const list = children.get(ppid);
    if (list) list.push(child);
    else children.set(ppid, [child]);
  }
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.shift()!;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

function rollupKb(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

/** RSS and PSS of one process from `/proc/<pid>/smaps_rollup`, or undefined if it is gone. */
export function processMemory(pid: number): ProcessMemory | undefined {
  const text = readText(`/proc/${pid}/smaps_rollup`);
  const st = statFields(pid);
  if (!text || !st) return undefined;
  return {
    pid,
    name: st.name,
    rss: rollupKb(text, "Rss") * 1024,
    pss: rollupKb(text, "Pss") * 1024,
  };
}

/** Summed RSS and PSS of `pid`'s tree, and `pid`'s own share. */
export function treeMemory(pid: number): TreeMemory {
  const processes = processTree(pid).map(processMemory).filter((m): m is ProcessMemory => !!m);
  const host = processes.find((p) => p.pid === pid);
  return {
    rss: processes.reduce((s, p) => s + p.rss, 0),
    pss: processes.reduce((s, p) => s + p.pss, 0),
    hostRss: host?.rss ?? NaN,
    hostPss: host?.pss ?? NaN,
    processes,
  };
}

/** Clock ticks per second for /proc stat times (`getconf CLK_TCK`; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) used so far by each process of `pid`'s tree. */
export function treeCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of processTree(pid)) {
    const st = statFields(p);
    if (!st) continue;
    // fields 14 and 15 of stat (utime, stime); st.fields starts at field 3
    out.set(p, (Number(st.fields[11]) + Number(st.fields[12])) / TICKS_PER_SECOND);
  }
  return out;
}

/** CPU seconds the tree used between two {@linkcode treeCpu} samples (new processes count whole). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, secs] of after) total += secs - (before.get(pid) ?? 0);
  return total;
}

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/** Ends a child and every process it started (WebKit's), waiting until they are gone. */
export async function endTree(child: Deno.ChildProcess, pids: number[]): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids.filter(alive)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone meanwhile */ }
  }
}
