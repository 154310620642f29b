/**
 * One persistent key-value file. Writes are atomic: the new contents go to a
 * temporary file in the same folder, are flushed to disk, and replace the
 * old file with one rename, so a crash mid-write leaves the previous version.
 * @module
 */

/** Store options (Tauri's `StoreOptions`). */
export interface StoreOptions {
  /** Values used when a key is missing (and by `reset`). */
  defaults?: Record<string, unknown>;
  /** `true` (default: save 100 ms after the last change), `false`, or a debounce in ms. */
  autoSave?: boolean | number;
  /** Re-apply `defaults` over what was loaded. */
  overrideDefaults?: boolean;
}

let tmpCounter = 0;

/** Writes `data` to `path` atomically (temp file + fsync + rename). */
export async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = path.replace(/\/[^/]*$/, "") || "/";
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${path}.tmp-${Deno.pid}-${++tmpCounter}`;
  const f = await Deno.open(tmp, { write: true, create: true, truncate: true, mode: 0o600 });
  try {
    let off = 0;
    while (off < data.length) off += await f.write(data.subarray(off));
    await f.syncData();
  } finally {
    f.close();
  }
  try {
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** A loaded store; shared by every resource id that refers to its path. */
export class StoreFile {
  readonly path: string;
  /** The name the page knows the store by (errors say this, never what the file holds). */
  readonly name: string;
  #data = new Map<string, unknown>();
  #defaults: Record<string, unknown>;
  #autoSaveMs: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> = Promise.resolve();
  /** The last failed automatic save, reported on the next explicit call. */
  lastError: Error | undefined;

  constructor(path: string, options: StoreOptions = {}, name = path) {
    this.path = path;
    this.name = name;
    this.#defaults = options.defaults ?? {};
    const a = options.autoSave ?? true;
    this.#autoSaveMs = a === false ? undefined : a === true ? 100 : Math.max(0, a);
  }

  /** Reads the file (missing → empty), then applies defaults. */
  async load(overrideDefaults = false): Promise<void> {
    let text: string | undefined;
    try {
      text = await Deno.readTextFile(this.path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        throw new Error(`cannot read store ${this.name} (${(e as Error).name})`);
      }
    }
    this.#data.clear();
    if (text !== undefined && text.trim() !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // The parser's message quotes the text: the file might not be a store at all.
        throw new Error(`store ${this.name} is not valid JSON`);
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new Error(`store ${this.name} must hold a JSON object`);
      }
      for (const [k, v] of Object.entries(parsed)) this.#data.set(k, v);
    }
    for (const [k, v] of Object.entries(this.#defaults)) {
      if (overrideDefaults || !this.#data.has(k)) this.#data.set(k, v);
    }
  }

  get(key: string): [unknown, boolean] {
    return this.#data.has(key) ? [this.#data.get(key), true] : [null, false];
  }
  has(key: string): boolean {
    return this.#data.has(key);
  }
  set(key: string, value: unknown): void {
    this.#data.set(key, value);
    this.#changed();
  }
  delete(key: string): boolean {
    const had = this.#data.delete(key);
    if (had) this.#changed();
    return had;
  }
  clear(): void {
    this.#data.clear();
    this.#changed();
  }
  reset(): void {
    this.#data = new Map(Object.entries(this.#defaults));
    this.#changed();
  }
  keys(): string[] {
    return [...this.#data.keys()];
  }
  values(): unknown[] {
    return [...this.#data.values()];
  }
  entries(): Array<[string, unknown]> {
    return [...this.#data.entries()];
  }
  get length(): number {
    return this.#data.size;
  }

  #changed(): void {
    if (this.#autoSaveMs === undefined) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.save().catch((e) => {
        this.lastError = e;
        console.error(`panes store: automatic save of ${this.path} failed:`, e);
      });
    }, this.#autoSaveMs);
  }

  /** Writes the file now (saves are serialised, so the last one wins). */
  save(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const text = JSON.stringify(Object.fromEntries(this.#data), null, 2);
    const bytes = new TextEncoder().encode(text);
    this.#saving = this.#saving.catch(() => {}).then(() => writeAtomic(this.path, bytes));
    return this.#saving;
  }
}
