/**
 * Signs like Tauri's signer, for tests: a fresh Ed25519 key (WebCrypto) in minisign's formats, and
 * prehashed (`ED`, BLAKE2b-512) signatures with a trusted comment, each file base64-encoded as
 * Tauri's config and update JSON carry them.
 * @module
 */

import { createHash } from "node:crypto";

const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
};
const ascii = (s: string) => new TextEncoder().encode(s);

/** A signing key and its public key in Tauri's config form (base64 of the minisign key file). */
export interface TestSigner {
  pubkey: string;
  sign(data: Uint8Array, comment?: string): Promise<string>;
}

/** A new key; `sign` returns the base64 of a minisign signature file (Tauri's `signature`). */
export async function newSigner(): Promise<TestSigner> {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const pk = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const keyId = crypto.getRandomValues(new Uint8Array(8));
  const idText = [...keyId].reverse().map((x) => x.toString(16).padStart(2, "0")).join("")
    .toUpperCase();
  const keyFile = `untrusted comment: minisign public key: ${idText}\n${
    b64(cat(ascii("Ed"), keyId, pk))
  }\n`;
  const ed = async (m: Uint8Array) =>
    new Uint8Array(
      await crypto.subtle.sign("Ed25519", pair.privateKey, m as Uint8Array<ArrayBuffer>),
    );
  return {
    pubkey: btoa(keyFile),
    async sign(data, comment = `timestamp:${Math.floor(Date.now() / 1000)}\tfile:app`) {
      const hash = new Uint8Array(createHash("blake2b512").update(data).digest());
      const sig = await ed(hash);
      const global = await ed(cat(sig, ascii(comment)));
      const file = `untrusted comment: signature from tauri secret key\n${
        b64(cat(ascii("ED"), keyId, sig))
      }\ntrusted comment: ${comment}\n${b64(global)}\n`;
      return btoa(file);
    },
  };
}
