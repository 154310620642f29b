/**
 * Minisign signatures, as Tauri's updater signs artifacts: an Ed25519 signature over the file
 * (`Ed`) or over its BLAKE2b-512 hash (`ED`, minisign's default), plus a global signature over the
 * signature and its trusted comment. Keys and signatures come as minisign's text files, or (as in
 * Tauri's config and update JSON) as the base64 of those files. Verified with WebCrypto's Ed25519.
 * @module
 */

/** A minisign public key: its 8-byte id and the 32-byte Ed25519 key. */
export interface MinisignPublicKey {
  keyId: Uint8Array;
  key: Uint8Array;
}

/** A signature that does not verify, or text that is not a key or signature. */
export class SignatureError extends Error {
  override name = "SignatureError";
}

function b64(text: string, what: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  } catch {
    throw new SignatureError(`${what} is not base64`);
  }
}

/** The lines of a minisign file given as its text or as the base64 of its text. */
function fileLines(input: string, what: string): string[] {
  let text = input.trim();
  if (!text.includes("\n") && !text.startsWith("untrusted comment:")) {
    // Tauri's form: the whole file, base64-encoded (a bare key line decodes to binary instead).
    const decoded = new TextDecoder().decode(b64(text, what));
    if (decoded.startsWith("untrusted comment:")) text = decoded;
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

/** Reads a public key: its file (or that file in base64), or the key line alone (`RW…`). */
export function parsePublicKey(input: string): MinisignPublicKey {
  const lines = fileLines(input, "the public key");
  const line = lines[0]?.startsWith("untrusted comment:") ? lines[1] : lines[0];
  const raw = b64(line ?? "", "the public key");
  if (raw.length !== 42 || raw[0] !== 0x45 || raw[1] !== 0x64) {
    throw new SignatureError("the public key is not a minisign Ed25519 public key");
  }
  return { keyId: raw.slice(2, 10), key: raw.slice(10) };
}

interface ParsedSignature {
  prehashed: boolean;
  keyId: Uint8Array;
  signature: Uint8Array;
  trustedComment: string;
  globalSignature: Uint8Array;
}

function parseSignature(input: string): ParsedSignature {
  const lines = fileLines(input, "the signature");
  if (lines.length < 4 || !lines[0].startsWith("untrusted comment:")) {
    throw new SignatureError("the signature is not a minisign signature file");
  }
  const raw = b64(lines[1], "the signature");
  const alg = String.fromCharCode(raw[0] ?? 0, raw[1] ?? 0);
  if (raw.length !== 74 || (alg !== "Ed" && alg !== "ED")) {
    throw new SignatureError("the signature is not a minisign Ed25519 signature");
  }
  const prefix = "trusted comment: ";
  if (!lines[2].startsWith(prefix)) {
    throw new SignatureError("the signature has no trusted comment");
  }
  const globalSignature = b64(lines[3], "the global signature");
  if (globalSignature.length !== 64) throw new SignatureError("the global signature is malformed");
  return {
    prehashed: alg === "ED",
    keyId: raw.slice(2, 10),
    signature: raw.slice(10),
    trustedComment: lines[2].slice(prefix.length),
    globalSignature,
  };
}

async function ed25519(key: Uint8Array, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  const k = await crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "Ed25519" },
    false,
    ["verify"],
  );
  return await crypto.subtle.verify(
    "Ed25519",
    k,
    sig as Uint8Array<ArrayBuffer>,
    data as Uint8Array<ArrayBuffer>,
  );
}

/**
 * Verifies `data` against `signature` with `publicKey`; throws {@linkcode SignatureError} unless
 * both the signature and the global signature (over the trusted comment) hold. Returns the
 * trusted comment.
 */
export async function verifyMinisign(
  data: Uint8Array,
  signature: string,
  publicKey: MinisignPublicKey,
): Promise<string> {
  const sig = parseSignature(signature);
  if (hex(sig.keyId) !== hex(publicKey.keyId)) {
    throw new SignatureError(
      `signed with key ${hex(sig.keyId).toUpperCase()}, not the app's key ${
        hex(publicKey.keyId).toUpperCase()
      }`,
    );
  }
  // WebCrypto has no BLAKE2b; node:crypto is loaded here, not with the module: importing it
  // costs every app ~50 ms of CPU and ~5 MiB at start (docs/performance.md, cold start).
  const message = sig.prehashed
    ? new Uint8Array((await import("node:crypto")).createHash("blake2b512").update(data).digest())
    : data;
  if (!await ed25519(publicKey.key, sig.signature, message)) {
    throw new SignatureError("the signature does not match the downloaded file");
  }
  const comment = new TextEncoder().encode(sig.trustedComment);
  const global = new Uint8Array(sig.signature.length + comment.length);
  global.set(sig.signature);
  global.set(comment, sig.signature.length);
  if (!await ed25519(publicKey.key, sig.globalSignature, global)) {
    throw new SignatureError("the trusted comment's signature does not match");
  }
  return sig.trustedComment;
}
