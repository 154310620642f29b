/**
 * One page as the host sees it: validates what the page sends, holds what
 * the host sends until the page is ready, keeps one ordered queue per
 * direction, and correlates `evalJs` and `invoke` by request id.
 * Transport-agnostic: a native window or a WebSocket provides {@linkcode PageTransport}.
 *
 * Over 400 lines as one class on purpose: a page's lifecycle (hello, ready, generation, held
 * posts, the queue) is state every method reads; what stands alone is in eval_script.ts,
 * page_checks.ts and payloads.ts.
 * @module
 */

import {
  type HostMessage,
  type PageErrorInfo,
  type PageMessage,
  pageMessageSchema,
  type WireError,
} from "./messages.ts";
import { type EvalOptions, PageEvalError, scriptForm } from "./eval_script.ts";
import { isPlainEmit, isPlainInvoke } from "./page_checks.ts";
import { type BytesRef, bytesRef, type ResultRoute, sendResult } from "./payloads.ts";

export { type EvalOptions, PageEvalError } from "./eval_script.ts";
export { type BytesRef, PARK_THRESHOLD } from "./payloads.ts";

/** How host → page messages physically travel. */
export interface PageTransport {
  /** Delivers a batch of messages (at most 4,096) to the page's bridge, in order. */
  deliver(messages: HostMessage[]): void;
  /** Runs a script in the page, ordered with `deliver`. */
  runScript(js: string): void;
  /**
   * Optional fast path: keeps `bytes` for the page to fetch once by the
   * returned key (delivered before any later message). Absent: base64.
   */
  park?(bytes: Uint8Array, type: string): string;
  /**
   * Optional fast path: answers the held POST `post` (a binary invoke's upload) with `bytes` as
   * its response body; null answers it empty (the result went as a message). Called exactly once
   * for every POST-borne invoke.
   */
  answerPost?(post: number, bytes: Uint8Array | null, type: string): void;
  /**
   * Optional fast path: sends a large result or channel payload to the page holding `pageKey` over
   * its loopback binary lane socket (transports/native/binary_lane.ts), now; returns the one-time id
   * the page matches it by.
   */
  laneSend?(pageKey: string, bytes: Uint8Array): string;
  /**
   * The key of the page now shown while it has its binary lane open (native windows: the UI thread
   * reports the key when the page's top frame claims its load), else undefined.
   */
  laneKey?(): string | undefined;
}

/** Most messages handed to the transport at once (one `eval` on the native transport). */
const DELIVER_CHUNK = 4096;

/** An invoke request from the page. */
export interface InvokeRequest {
  /** The command name. */
  cmd: string;
  /** JSON body, or raw bytes. */
  body: unknown;
  /** Request headers (lower-case names). */
  headers: Record<string, string>;
}

/** What an invoke answers. */
export type InvokeAnswer = { ok: true; value: unknown } | { ok: false; error: WireError };

/** What the peer reports upward. */
export interface PeerHooks {
  /** A new page's bridge started, before its own scripts (`reloaded`: a previous page existed). */
  pageStart?(reloaded: boolean): void;
  /** A page finished loading its bridge (`reloaded`: a previous page existed). */
  ready(url: string, reloaded: boolean): void;
  /** The page emitted an event. */
  emit(type: string, data: unknown): void;
  /** An uncaught page error or unhandled rejection. */
  error(info: PageErrorInfo): void;
  /** The page invoked a command. */
  invoke(req: InvokeRequest): Promise<InvokeAnswer>;
  /** A malformed or unknown message was dropped (logged once per kind). */
  rejected(reason: string): void;
  /**
   * Whether a page at `url` may hear app events. Events queued before a page said hello are
   * dropped when the page that says it may not (a remote origin without a grant).
   */
  mayHear?(url: string): boolean;
}

type Outgoing = { m: HostMessage } | { js: string };

/** The host's end of one page connection. */
export class PagePeer {
  /** The window's label. */
  readonly label: string;
  #transport: PageTransport;
  #hooks: PeerHooks;
  #nonce: string | undefined;
  #ready = false;
  /** A page's bridge said hello and the host expects no other page: messages may flow. */
  #open = false;
  /** The current page has not been declared gone yet. */
  #alive = false;
  /**
   * Which page the host is talking to: bumped whenever a page goes (reload, navigation, or the
   * host loading new content). An answer computed for an earlier page is dropped, even before
   * the next page says hello (its ids restart at 1: it must not get another page's answers).
   */
  #generation = 0;
  #pages = 0;
  #gone: string | undefined;
  #queue: Outgoing[] = [];
  #scheduled = false;
  #evals = new Map<
    number,
    {
      resolve: (v: unknown) => void;
      reject: (e: Error) => void;
      timer: ReturnType<typeof setTimeout>;
    }
  >();
  #nextEval = 1;
  #readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  #warned = new Set<string>();
  /** Posts held for one macrotask after a page became ready (see the "ready" case). */
  #held: unknown[][] | undefined;
  #holding(): unknown[][] | undefined {
    return this.#held;
  }
  #url = "";
  #goneListeners = new Set<(reason: string) => void>();

  /**
   * Runs `fn` once when the current page is replaced (reload) or the window goes away (its
   * channels end then). Returns a function that removes it sooner.
   */
  whenPageGone(fn: (reason: string) => void): () => void {
    this.#goneListeners.add(fn);
    return () => void this.#goneListeners.delete(fn);
  }

  /**
   * Makes the peer for window `label`, sending through `transport` and reporting to `hooks`.
   * @param verifiedLifecycle the transport reports real page loads with
   *   {@linkcode commit}: then a page's hello is accepted only after one, and
   *   the committed URL (not the page's claim) decides its origin.
   */
  constructor(
    label: string,
    transport: PageTransport,
    hooks: PeerHooks,
    verifiedLifecycle = false,
  ) {
    this.label = label;
    this.#transport = transport;
    this.#hooks = hooks;
    this.#verified = verifiedLifecycle;
    this.#route = {
      label,
      transport,
      canPark: () => this.#canPark(),
      send: (m) => this.send(m),
      releasePost: (post) => this.releasePost(post),
    };
  }

  #route: ResultRoute;

  #verified: boolean;
  #helloAllowed = false;
  #committedUrl = "";

  /** The transport saw a new document commit in this window (native: WebKit's load-changed). */
  commit(url: string): void {
    this.#helloAllowed = true;
    this.#committedUrl = url;
  }

  /** The current page's URL as it reported it ("" before its first hello). */
  get url(): string {
    return this.#verified ? this.#committedUrl : this.#url;
  }

  /** Whether the current page's bridge is ready. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Resolves when the next (or current) page is ready; rejects if the window goes or after `timeoutMs`. */
  whenReady(timeoutMs: number, what = "page"): Promise<void> {
    if (this.#gone) return Promise.reject(new Error(this.#gone));
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#readyWaiters = this.#readyWaiters.filter((w) => w !== waiter);
        reject(
          new Error(`window "${this.label}": ${what} did not become ready within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.#readyWaiters.push(waiter);
    });
  }

  /** A new page is being loaded by the host: hold outgoing messages until it is ready. */
  expectNewPage(): void {
    if (this.#alive) this.#pageGone("page reloaded");
    this.#generation++;
    this.#open = false;
    this.#ready = false;
  }

  /** Queues a message for the page (held until ready; one batch per turn). */
  send(message: HostMessage): void {
    if (this.#gone) return;
    this.#queue.push({ m: message });
    this.#schedule();
  }

  /** Queues a script to run in the page, ordered with messages. */
  runScript(js: string): void {
    if (this.#gone) return;
    this.#queue.push({ js });
    this.#schedule();
  }

  /** Evaluates `script` in the page; resolves with its (awaited) value. */
  evalJs<T = unknown>(script: string, options: EvalOptions = {}): Promise<T> {
    if (this.#gone) return Promise.reject(new Error(`window "${this.label}" closed`));
    if (typeof script !== "string") {
      return Promise.reject(new TypeError("evalJs: the script must be a string"));
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    const i = this.#nextEval++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#evals.delete(i);
        reject(new Error(`evalJs in window "${this.label}" timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#evals.set(i, { resolve: resolve as (v: unknown) => void, reject, timer });
      const form = scriptForm(script);
      if (form instanceof SyntaxError) {
        this.#evals.delete(i);
        clearTimeout(timer);
        return reject(new PageEvalError(`evalJs: ${form.message}`, "SyntaxError", ""));
      }
      // An expression travels as a function literal: no eval in the page, so a CSP without
      // 'unsafe-eval' still allows it; statements go as a string for the page to eval.
      if (form === "expression") {
        this.runScript(`window.panes&&window.panes._evx(${i},async()=>(\n${script}\n));`);
      } else this.send({ k: "evjs", i, s: script });
    });
  }

  #schedule(): void {
    if (this.#scheduled || !this.#open) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    if (!this.#open || this.#gone) return;
    const q = this.#queue;
    this.#queue = [];
    let batch: HostMessage[] = [];
    for (const item of q) {
      if ("m" in item) batch.push(item.m);
      else {
        if (batch.length) this.#deliver(batch);
        batch = [];
        this.#transport.runScript(item.js);
      }
    }
    if (batch.length) this.#deliver(batch);
  }

  /**
   * Delivers a batch in chunks of at most 4,096 messages, each sent as soon as it is serialised:
   * the page parses one while the host writes the next.
   */
  #deliver(batch: HostMessage[]): void {
    if (batch.length <= DELIVER_CHUNK) return this.#deliverChunk(batch);
    for (let at = 0; at < batch.length; at += DELIVER_CHUNK) {
      this.#deliverChunk(batch.slice(at, at + DELIVER_CHUNK));
    }
  }

  /** Delivers a chunk; a message that cannot be serialised is reported and skipped, never fatal. */
  #deliverChunk(batch: HostMessage[]): void {
    try {
      this.#transport.deliver(batch);
    } catch {
      const good = batch.filter((m) => {
        try {
          JSON.stringify(m);
          return true;
        } catch (e) {
          const what = m.k === "ev" ? `event "${m.e}"` : `a "${m.k}" message`;
          console.error(
            `panes: window "${this.label}": dropped ${what} that cannot be sent as JSON: ${e}`,
          );
          return false;
        }
      });
      if (good.length) this.#transport.deliver(good);
    }
  }

  /** Handles one raw post from the page (an array of messages). */
  receive(raw: unknown): void {
    if (this.#gone) return;
    if (!Array.isArray(raw)) {
      return this.#reject("post", "a page post that is not an array of messages");
    }
    if (this.#holding()) return void this.#holding()!.push(raw);
    for (let n = 0; n < raw.length; n++) {
      const item = raw[n];
      const held = this.#holding();
      if (held) {
        // A page became ready earlier in this post: the rest waits like later posts do.
        held.push(raw.slice(n));
        return;
      }
      // The two hot kinds are checked by hand (same rules as their zod schemas, a third of the cost).
      if (isPlainEmit(item) || isPlainInvoke(item)) {
        this.#handle(item);
        continue;
      }
      const parsed = pageMessageSchema.safeParse(item);
      if (!parsed.success) {
        const kind = item && typeof item === "object" && "k" in item
          ? String((item as { k: unknown }).k)
          : "?";
        this.#reject(
          `bad:${kind}`,
          `a malformed "${kind}" message (${parsed.error.issues[0]?.message})`,
        );
        continue;
      }
      this.#handle(parsed.data);
    }
  }

  #reject(key: string, what: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#hooks.rejected(`window "${this.label}": dropped ${what}`);
  }

  /** A page's bridge started (document start): it is a new peer; it buffers until its DOM is ready. */
  #hello(nonce: string, url: string): void {
    if (nonce === this.#nonce) return;
    if (this.#verified && !this.#helloAllowed) {
      // No document was loaded since the last hello: a script is forging one.
      return this.#reject("hello", "a page lifecycle message with no page load behind it");
    }
    this.#helloAllowed = false;
    if (this.#alive) this.#pageGone("page reloaded");
    this.#nonce = nonce;
    this.#url = url;
    // Events emitted while no page was there waited for this one: only a page allowed to hear.
    if (this.#hooks.mayHear && !this.#hooks.mayHear(this.url)) {
      this.#queue = this.#queue.filter((o) => !("m" in o && o.m.k === "ev"));
    }
    this.#pages++;
    this.#alive = true;
    this.#open = true;
    this.#ready = false;
    this.#hooks.pageStart?.(this.#pages > 1);
    this.#schedule();
  }

  #handle(m: PageMessage): void {
    switch (m.k) {
      case "hello":
        return this.#hello(m.n, m.u);
      case "ready": {
        if (m.n !== this.#nonce) this.#hello(m.n, m.u);
        if (m.n !== this.#nonce) return; // refused
        if (this.#ready) return;
        this.#ready = true;
        this.#url = m.u;
        for (const w of this.#readyWaiters.splice(0)) w.resolve();
        this.#hooks.ready(m.u, this.#pages > 1);
        // Hold what the page sends next until a macrotask has passed: the code awaiting
        // show()/update() resumes first, so handlers it registers right away (win.on) hear the
        // page's first events. Several posts may arrive within one event-loop turn.
        this.#held = [];
        setTimeout(() => {
          const held = this.#held ?? [];
          this.#held = undefined;
          for (const post of held) this.receive(post);
        }, 0);
        return;
      }
      case "emit":
        return this.#hooks.emit(m.e, m.d);
      case "err":
        return this.#hooks.error(m);
      case "evr": {
        const p = this.#evals.get(m.i);
        if (!p) return;
        this.#evals.delete(m.i);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.v ?? null);
        else {p.reject(
            new PageEvalError(m.err?.message ?? "error", m.err?.name, m.err?.stack ?? ""),
          );}
        return;
      }
      case "inv": {
        let body: unknown = m.b ?? null;
        if (m.b64 !== undefined) {
          try {
            body = Uint8Array.fromBase64(m.b64);
          } catch {
            return this.send({
              k: "res",
              i: m.i,
              ok: false,
              err: { message: "malformed binary body", code: "invalid-body" },
            });
          }
        }
        return this.#invoke(m.i, m.c, body, m.h ?? {});
      }
    }
  }

  /** An invoke whose body came over the binary fast path (`kind` says how to read it). */
  receiveBinaryInvoke(
    i: number,
    cmd: string,
    headersJson: string,
    kind: "json" | "bytes",
    body: Uint8Array,
    post?: number,
  ): void {
    if (this.#gone) return this.releasePost(post);
    let headers: Record<string, string> = {};
    let value: unknown = body;
    try {
      const h = JSON.parse(headersJson);
      if (h && typeof h === "object") headers = h;
      if (kind === "json") value = JSON.parse(new TextDecoder().decode(body));
    } catch {
      this.releasePost(post);
      return this.send({
        k: "res",
        i,
        ok: false,
        err: { message: "malformed invoke body or headers", code: "invalid-body" },
      });
    }
    if (!Number.isInteger(i) || i < 0 || !cmd) {
      this.releasePost(post);
      return this.#reject("bad:bin", "a malformed binary invoke");
    }
    this.#invoke(i, cmd, value, headers, post);
  }

  /** Answers a held POST empty (its invoke is answered by message, or not at all). */
  releasePost(post: number | undefined): void {
    if (post !== undefined) this.#transport.answerPost?.(post, null, "");
  }

  #invoke(
    i: number,
    cmd: string,
    body: unknown,
    rawHeaders: Record<string, string>,
    post?: number,
  ): void {
    // Between the host loading new content and the new page's hello, calls come from the page
    // being replaced: nobody will read their answers, and their channels would outlive the page.
    if (this.#pages > 0 && !this.#alive) return this.releasePost(post);
    const generation = this.#generation;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawHeaders)) {
      if (k === "__proto__") continue; // a header object must not get a new prototype
      headers[k.toLowerCase()] = String(v);
    }
    this.#hooks.invoke({ cmd, body, headers }).then((answer) =>
      this.#answer(generation, i, cmd, answer, post)
    ).catch((e) => {
      this.releasePost(post);
      console.error(`panes: window "${this.label}": answering "${cmd}" failed:`, e);
    });
  }

  #answer(
    generation: number,
    i: number,
    cmd: string,
    answer: InvokeAnswer,
    post?: number,
  ): void {
    const gone = this.#generation !== generation || this.#gone !== undefined;
    if (gone || !answer.ok) this.releasePost(post);
    if (gone) return; // the page that asked is gone
    if (!answer.ok) return this.send({ k: "res", i, ok: false, err: answer.error });
    sendResult(this.#route, i, cmd, answer.value, post);
  }

  #canPark(): boolean {
    return this.#transport.park !== undefined && this.url.startsWith("panes://app/");
  }

  /** How `bytes` should travel to this page: parked for a fetch when large, else base64. */
  bytesRef(bytes: Uint8Array): BytesRef {
    return bytesRef(this.#route, bytes);
  }

  #pageGone(reason: string): void {
    this.#alive = false;
    this.#generation++;
    for (const p of this.#evals.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`evalJs in window "${this.label}" failed: ${reason}`));
    }
    this.#evals.clear();
    // Messages queued for the old page are dropped: the new page is a new peer.
    this.#queue = this.#queue.filter((o) => "m" in o && o.m.k === "ev");
    const listeners = [...this.#goneListeners];
    this.#goneListeners.clear();
    for (const fn of listeners) {
      try {
        fn(reason);
      } catch (e) {
        console.error(`panes: window "${this.label}": a page-gone listener failed:`, e);
      }
    }
  }

  /** The window is gone: reject everything pending; later calls fail with "window closed". */
  close(): void {
    if (this.#gone) return;
    const reason = `window "${this.label}" closed`;
    this.#pageGone("window closed");
    this.#gone = reason;
    this.#queue = [];
    for (const w of this.#readyWaiters.splice(0)) w.reject(new Error(reason));
  }
}
