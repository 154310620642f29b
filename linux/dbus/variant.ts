/**
 * GVariant ↔ JS values, through non-variadic constructors only. Built
 * variants are floating: hand each to exactly one consumer (a reply, a call,
 * a signal) and never reuse it.
 * @module
 */

import { cstr, readCString } from "../../ffi/native_libs.ts";
import { type DBusLibs, dbusLibs } from "./libs.ts";

/** A value with an explicit D-Bus type, e.g. `new Variant("(sa(iiay)ss)", [...])`. */
export class Variant {
  /** @param type a complete D-Bus type string @param value the JS value */
  constructor(readonly type: string, readonly value: unknown) {}
}

type Ptr = Deno.PointerObject;

/** Index just after the complete type that starts at `i` in `sig`. */
function typeEnd(sig: string, i: number): number {
  const c = sig[i];
  if (c === undefined) throw new TypeError(`D-Bus type ${JSON.stringify(sig)} ends early`);
  if ("bynqiuxtdsoghv".includes(c)) return i + 1;
  if (c === "a" || c === "m") return typeEnd(sig, i + 1);
  if (c === "(" || c === "{") {
    const close = c === "(" ? ")" : "}";
    let j = i + 1;
    while (sig[j] !== close) {
      if (j >= sig.length) throw new TypeError(`D-Bus type ${JSON.stringify(sig)} is not closed`);
      j = typeEnd(sig, j);
    }
    return j + 1;
  }
  throw new TypeError(`unsupported D-Bus type ${JSON.stringify(c)} in ${JSON.stringify(sig)}`);
}

/** Splits a signature into its complete types: `"sa{sv}i"` → `["s", "a{sv}", "i"]`. */
export function splitTypes(sig: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < sig.length;) {
    const end = typeEnd(sig, i);
    out.push(sig.slice(i, end));
    i = end;
  }
  return out;
}

/** The type a plain JS value gets inside a `v` (strings, booleans, integers, bytes, string lists). */
export function inferType(value: unknown): string {
  if (value instanceof Variant) return value.type;
  if (typeof value === "string") return "s";
  if (typeof value === "boolean") return "b";
  if (typeof value === "number") return Number.isInteger(value) ? "i" : "d";
  if (typeof value === "bigint") return "x";
  if (value instanceof Uint8Array) return "ay";
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return "as";
  if (Array.isArray(value) && value.every((v) => v instanceof Variant)) return "av";
  throw new TypeError(
    `cannot infer a D-Bus type for ${JSON.stringify(value)}: wrap it in new Variant(type, value)`,
  );
}

function pointers(ptrs: Ptr[]): BigUint64Array<ArrayBuffer> {
  return new BigUint64Array(ptrs.map((p) => BigInt(Deno.UnsafePointer.value(p))));
}

function dispose(libs: DBusLibs, made: Ptr[]): void {
  for (const p of made) libs.glib.g_variant_unref(libs.glib.g_variant_ref_sink(p)!);
}

function int(value: unknown, type: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(
      `D-Bus ${type}: expected an integer in ${min}..${max}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Builds a floating GVariant of `type` from `value`; throws a TypeError naming what does not fit. */
export function toVariant(type: string, value: unknown): Ptr {
  const libs = dbusLibs();
  const g = libs.glib;
  const c = type[0];
  let p: Deno.PointerValue = null;
  switch (c) {
    case "b":
      if (typeof value !== "boolean") {
        throw new TypeError(`D-Bus b: expected a boolean, got ${JSON.stringify(value)}`);
      }
      p = g.g_variant_new_boolean(value ? 1 : 0);
      break;
    case "y":
      p = g.g_variant_new_byte(int(value, "y", 0, 255));
      break;
    case "n":
      p = g.g_variant_new_int16(int(value, "n", -32768, 32767));
      break;
    case "q":
      p = g.g_variant_new_uint16(int(value, "q", 0, 65535));
      break;
    case "i":
      p = g.g_variant_new_int32(int(value, "i", -2147483648, 2147483647));
      break;
    case "u":
      p = g.g_variant_new_uint32(int(value, "u", 0, 4294967295));
      break;
    case "x":
    case "t": {
      if (typeof value !== "bigint" && !(typeof value === "number" && Number.isInteger(value))) {
        throw new TypeError(`D-Bus ${c}: expected an integer, got ${JSON.stringify(value)}`);
      }
      p = c === "x" ? g.g_variant_new_int64(BigInt(value)) : g.g_variant_new_uint64(BigInt(value));
      break;
    }
    case "d":
      if (typeof value !== "number") {
        throw new TypeError(`D-Bus d: expected a number, got ${JSON.stringify(value)}`);
      }
      p = g.g_variant_new_double(value);
      break;
    case "s":
    case "o":
    case "g": {
      if (typeof value !== "string") {
        throw new TypeError(`D-Bus ${c}: expected a string, got ${JSON.stringify(value)}`);
      }
      if (value.includes("\0")) throw new TypeError(`D-Bus ${c}: strings cannot contain NUL`);
      const s = cstr(value);
      if (c === "o" && !g.g_variant_is_object_path(s)) {
        throw new TypeError(`not a D-Bus object path: ${JSON.stringify(value)}`);
      }
      if (c === "g" && !g.g_variant_is_signature(s)) {
        throw new TypeError(`not a D-Bus signature: ${JSON.stringify(value)}`);
      }
      p = c === "s"
        ? g.g_variant_new_string(s)
        : c === "o"
        ? g.g_variant_new_object_path(s)
        : g.g_variant_new_signature(s);
      break;
    }
    case "v": {
      const inner = value instanceof Variant ? value : new Variant(inferType(value), value);
      p = g.g_variant_new_variant(toVariant(inner.type, inner.value));
      break;
    }
    case "a": {
      const elem = type.slice(1);
      if (elem === "y" && value instanceof Uint8Array) {
        const t = g.g_variant_type_new(cstr("y"));
        p = g.g_variant_new_fixed_array(
          t,
          value as Uint8Array<ArrayBuffer>,
          BigInt(value.length),
          1n,
        );
        g.g_variant_type_free(t);
        break;
      }
      let entries: unknown[];
      if (elem[0] === "{") {
        if (Array.isArray(value)) entries = value;
        else if (value instanceof Map) entries = [...value.entries()];
        else if (value && typeof value === "object") entries = Object.entries(value);
        else throw new TypeError(`D-Bus ${type}: expected an object, a Map or [key, value] pairs`);
      } else {
        if (!Array.isArray(value)) {
          throw new TypeError(`D-Bus ${type}: expected an array, got ${JSON.stringify(value)}`);
        }
        entries = value;
      }
      const made: Ptr[] = [];
      try {
        for (const e of entries) made.push(toVariant(elem, e));
      } catch (e) {
        dispose(libs, made);
        throw e;
      }
      const t = g.g_variant_type_new(cstr(elem));
      p = g.g_variant_new_array(t, pointers(made), BigInt(made.length));
      g.g_variant_type_free(t);
      break;
    }
    case "(":
    case "{": {
      const types = splitTypes(type.slice(1, -1));
      if (!Array.isArray(value) || value.length !== types.length) {
        throw new TypeError(
          `D-Bus ${type}: expected an array of ${types.length} values, got ${
            JSON.stringify(value)
          }`,
        );
      }
      const made: Ptr[] = [];
      try {
        types.forEach((t, i) => made.push(toVariant(t, value[i])));
      } catch (e) {
        dispose(libs, made);
        throw e;
      }
      p = c === "("
        ? g.g_variant_new_tuple(pointers(made), BigInt(made.length))
        : g.g_variant_new_dict_entry(made[0], made[1]);
      break;
    }
    default:
      throw new TypeError(`unsupported D-Bus type ${JSON.stringify(type)}`);
  }
  if (p === null) throw new Error(`GLib refused to build a ${type} variant`);
  return p;
}

/** Reads a GVariant into JS: integers as numbers (64-bit as bigint beyond 2^53), `ay` as bytes, `a{s…}` as objects, tuples as arrays, `v` unwrapped. */
export function fromVariant(p: Ptr): unknown {
  const g = dbusLibs().glib;
  const type = readCString(g.g_variant_get_type_string(p));
  switch (type[0]) {
    case "b":
      return g.g_variant_get_boolean(p) !== 0;
    case "y":
      return g.g_variant_get_byte(p);
    case "n":
      return g.g_variant_get_int16(p);
    case "q":
      return g.g_variant_get_uint16(p);
    case "i":
    case "h":
      return g.g_variant_get_int32(p);
    case "u":
      return g.g_variant_get_uint32(p);
    case "x":
    case "t": {
      const v = BigInt(type[0] === "x" ? g.g_variant_get_int64(p) : g.g_variant_get_uint64(p));
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v)
        : v;
    }
    case "d":
      return g.g_variant_get_double(p);
    case "s":
    case "o":
    case "g":
      return readCString(g.g_variant_get_string(p, null));
    case "v": {
      const inner = g.g_variant_get_variant(p)!;
      try {
        return fromVariant(inner);
      } finally {
        g.g_variant_unref(inner);
      }
    }
    case "a":
      if (type === "ay") {
        const n = new BigUint64Array(1);
        const data = g.g_variant_get_fixed_array(p, n, 1n);
        const out = new Uint8Array(Number(n[0]));
        if (data && out.length) {
          out.set(new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(data, out.length)));
        }
        return out;
      } else {
        const items = children(p);
        if (type[1] === "{" && "sog".includes(type[2])) {
          return Object.fromEntries(items as Array<[string, unknown]>);
        }
        return items;
      }
    case "(":
    case "{":
      return children(p);
    case "m": {
      const items = children(p);
      return items.length ? items[0] : null;
    }
  }
  throw new TypeError(`cannot read a D-Bus ${type} value`);
}

function children(p: Ptr): unknown[] {
  const g = dbusLibs().glib;
  const n = Number(g.g_variant_n_children(p));
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const child = g.g_variant_get_child_value(p, BigInt(i))!;
    try {
      out.push(fromVariant(child));
    } finally {
      g.g_variant_unref(child);
    }
  }
  return out;
}
