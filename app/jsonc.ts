/**
 * A small JSONC reader for `panes.jsonc`: JSON with comments and trailing commas, read into a
 * tree whose nodes carry their offsets (for `file:line:column` errors). It replaces the npm
 * `jsonc-parser` for the one thing the config needs: that package is CommonJS, and loading it
 * cost every app (with or without a config file) tens of milliseconds at start. The node shapes
 * and error names follow `jsonc-parser`'s `parseTree`.
 * @module
 */

/** One value in the tree; a property node holds its key (a string node) and its value. */
export interface Node {
  type: "object" | "array" | "property" | "string" | "number" | "boolean" | "null";
  /** Where the node starts in the text (UTF-16 index). */
  offset: number;
  /** The value of a string, number, boolean or null node. */
  value?: unknown;
  children?: Node[];
}

/** Why the text is not JSONC (the names of `jsonc-parser`'s error codes). */
export type ParseErrorCode =
  | "InvalidSymbol"
  | "InvalidNumberFormat"
  | "PropertyNameExpected"
  | "ValueExpected"
  | "ColonExpected"
  | "CommaExpected"
  | "CloseBraceExpected"
  | "CloseBracketExpected"
  | "EndOfFileExpected"
  | "UnexpectedEndOfComment"
  | "UnexpectedEndOfString"
  | "InvalidUnicode"
  | "InvalidEscapeCharacter"
  | "InvalidCharacter";

/** The first thing wrong in the text, and where. */
export class JsoncSyntaxError extends Error {
  /** The error's name. */
  readonly code: ParseErrorCode;
  /** Where in the text (UTF-16 index). */
  readonly offset: number;
  constructor(code: ParseErrorCode, offset: number) {
    super(`${code} at ${offset}`);
    this.code = code;
    this.offset = offset;
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z0-9_$+.\-]+/y;

/**
 * Reads `text` into a tree. Throws a {@linkcode JsoncSyntaxError} at the first error (text with
 * nothing but whitespace and comments: `ValueExpected`).
 */
export function parseTree(text: string): Node {
  let i = 0;
  const fail = (code: ParseErrorCode, at = i): never => {
    throw new JsoncSyntaxError(code, at);
  };

  /** Skips whitespace and comments. */
  const skip = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else if (c === 47 && text[i + 1] === "/") {
        const end = text.indexOf("\n", i + 2);
        i = end < 0 ? text.length : end + 1;
      } else if (c === 47 && text[i + 1] === "*") {
        const end = text.indexOf("*/", i + 2);
        if (end < 0) fail("UnexpectedEndOfComment");
        i = end + 2;
      } else return;
    }
  };

  const string = (): Node => {
    const start = i++;
    let out = "";
    let from = i;
    for (;;) {
      if (i >= text.length) fail("UnexpectedEndOfString", start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(from, i++);
        return { type: "string", offset: start, value: out };
      }
      if (c === 92) {
        out += text.slice(from, i);
        const e = text[i + 1];
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("InvalidUnicode", start);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else fail("InvalidEscapeCharacter", start);
        from = i;
        continue;
      }
      if (c === 10 || c === 13) fail("UnexpectedEndOfString", start);
      if (c < 32) fail("InvalidCharacter", start);
      i++;
    }
  };

  const value = (): Node => {
    skip();
    if (i >= text.length) fail("ValueExpected");
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    const start = i;
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    WORD.lastIndex = i;
    const word = WORD.exec(text)?.[0] ?? "";
    if (num && num[0].length === word.length) {
      i += num[0].length;
      return { type: "number", offset: start, value: Number(num[0]) };
    }
    if (word === "true" || word === "false") {
      i += word.length;
      return { type: "boolean", offset: start, value: word === "true" };
    }
    if (word === "null") {
      i += 4;
      return { type: "null", offset: start, value: null };
    }
    if (/^-?[0-9]/.test(word)) fail("InvalidNumberFormat");
    return fail(word ? "InvalidSymbol" : "ValueExpected");
  };

  /** After an entry: `,` (then maybe the close), or the close. Returns whether it closed. */
  const next = (close: string, expected: ParseErrorCode): boolean => {
    skip();
    if (text[i] === ",") {
      i++;
      skip();
      if (text[i] === close) {
        i++; // trailing comma
        return true;
      }
      return false;
    }
    if (text[i] === close) {
      i++;
      return true;
    }
    return fail(
      i >= text.length || text[i] === "}" || text[i] === "]" ? expected : "CommaExpected",
    );
  };

  const object = (): Node => {
    const node: Node = { type: "object", offset: i++, children: [] };
    skip();
    if (text[i] === "}") {
      i++;
      return node;
    }
    for (;;) {
      skip();
      if (text[i] !== '"') {
        fail(
          i >= text.length
            ? "CloseBraceExpected"
            : /[A-Za-z_$]/.test(text[i])
            ? "InvalidSymbol"
            : "PropertyNameExpected",
        );
      }
      const key = string();
      const prop: Node = { type: "property", offset: key.offset, children: [key] };
      node.children!.push(prop);
      skip();
      if (text[i] !== ":") fail("ColonExpected");
      i++;
      prop.children!.push(value());
      if (next("}", "CloseBraceExpected")) return node;
    }
  };

  const array = (): Node => {
    const node: Node = { type: "array", offset: i++, children: [] };
    skip();
    if (text[i] === "]") {
      i++;
      return node;
    }
    for (;;) {
      node.children!.push(value());
      if (next("]", "CloseBracketExpected")) return node;
    }
  };

  const root = value();
  skip();
  if (i < text.length) fail(/[A-Za-z_$]/.test(text[i]) ? "InvalidSymbol" : "EndOfFileExpected");
  return root;
}

/** The node at `path` (object keys and array indexes) below `root`, if there is one. */
export function findNodeAtLocation(root: Node, path: (string | number)[]): Node | undefined {
  let node: Node | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (node.type === "object" && typeof seg === "string") {
      let found: Node | undefined;
      for (const p of node.children ?? []) if (p.children![0].value === seg) found = p.children![1];
      node = found;
    } else if (node.type === "array" && typeof seg === "number") {
      node = node.children?.[seg];
    } else return undefined;
  }
  return node;
}
