/**
 * The app's URL handler on a freedesktop system: a `.desktop` entry in
 * `$XDG_DATA_HOME/applications` whose `MimeType` lists `x-scheme-handler/<scheme>`, made the
 * default for each scheme with `xdg-mime`, and taken out of `$XDG_CONFIG_HOME/mimeapps.list`
 * again on unregister.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { PluginHost } from "../plugin.ts";
import { execLine } from "../launch_command.ts";

/** An RFC 3986 scheme: what may follow `x-scheme-handler/` and precede `://`. */
export const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

function fail(message: string): InvokeError {
  return new InvokeError(`deep-link: ${message}`, undefined, "deep-link");
}

/** Checks a scheme a page gave (no `://`, nothing that could break the entry). */
export function checkScheme(protocol: string): string {
  if (!SCHEME.test(protocol)) {
    throw fail(
      `"${protocol}" is not a URL scheme (a letter, then letters, digits, "+", "-" or "."; no "://")`,
    );
  }
  return protocol.toLowerCase();
}

/** The entry's file name: `<identifier>-handler.desktop`. */
export function entryName(host: PluginHost): string {
  return `${host.identifier.replace(/[^A-Za-z0-9._-]/g, "_")}-handler.desktop`;
}

function entryPath(host: PluginHost): string {
  return `${host.dirs.DATA}/applications/${entryName(host)}`;
}

/** The schemes the app's entry handles now (none when there is no entry). */
export async function entrySchemes(host: PluginHost): Promise<string[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(entryPath(host));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  const line = /^MimeType=(.*)$/m.exec(text)?.[1] ?? "";
  return line.split(";").filter((m) => m.startsWith("x-scheme-handler/"))
    .map((m) => m.slice("x-scheme-handler/".length));
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf("/"));
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, text);
  await Deno.rename(tmp, path);
}

/** Writes the entry with `schemes` (removes it when there are none). */
async function writeEntry(host: PluginHost, schemes: string[], command: string[]): Promise<void> {
  const path = entryPath(host);
  if (schemes.length === 0) {
    await Deno.remove(path).catch(() => {});
    return;
  }
  const name = host.identifier.replace(/[\n\r]/g, " ");
  await writeAtomic(
    path,
    [
      "[Desktop Entry]",
      "Type=Application",
      `Name=${name}`,
      `Exec=${execLine(command, "%u")}`,
      "Terminal=false",
      `MimeType=${schemes.map((s) => `x-scheme-handler/${s};`).join("")}`,
      "NoDisplay=true",
      "",
    ].join("\n"),
  );
}

async function run(program: string, args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(program, { args, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw fail(`${program} is not installed (Debian: apt-get install xdg-utils)`);
    }
    throw fail(`cannot run ${program}: ${e instanceof Error ? e.message : e}`);
  }
  if (!out.success) {
    throw fail(
      `${program} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr).trim()}`,
    );
  }
  return new TextDecoder().decode(out.stdout).trim();
}

/** Makes the app the default handler of `scheme`. */
export async function registerScheme(
  host: PluginHost,
  scheme: string,
  command: string[],
): Promise<void> {
  const schemes = await entrySchemes(host);
  await writeEntry(host, schemes.includes(scheme) ? schemes : [...schemes, scheme], command);
  // The desktop's cache of handlers; optional (xdg-mime reads the entries themselves).
  await run("update-desktop-database", [`${host.dirs.DATA}/applications`]).catch(() => {});
  await run("xdg-mime", ["default", entryName(host), `x-scheme-handler/${scheme}`]);
}

/** Whether the desktop's default handler of `scheme` is the app's entry. */
export async function isDefaultFor(host: PluginHost, scheme: string): Promise<boolean> {
  const answer = await run("xdg-mime", ["query", "default", `x-scheme-handler/${scheme}`]);
  return answer.split(/[;\n]/).map((s) => s.trim()).includes(entryName(host));
}

/**
 * Stops handling `scheme`: the scheme leaves the entry, and the default in mimeapps.list is
 * removed where it names the entry (another program's default is left alone).
 */
export async function unregisterScheme(
  host: PluginHost,
  scheme: string,
  command: string[],
): Promise<void> {
  const schemes = await entrySchemes(host);
  if (schemes.includes(scheme)) {
    await writeEntry(host, schemes.filter((s) => s !== scheme), command);
  }
  const list = `${host.dirs.CONFIG}/mimeapps.list`;
  let text: string;
  try {
    text = await Deno.readTextFile(list);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  const key = `x-scheme-handler/${scheme}`;
  const mine = entryName(host);
  const lines = text.split("\n").flatMap((line) => {
    const eq = line.indexOf("=");
    if (eq < 0 || line.slice(0, eq).trim() !== key) return [line];
    const rest = line.slice(eq + 1).split(";").filter((d) => d.trim() && d.trim() !== mine);
    return rest.length ? [`${key}=${rest.join(";")};`] : [];
  });
  const updated = lines.join("\n");
  if (updated !== text) await writeAtomic(list, updated);
  await run("update-desktop-database", [`${host.dirs.DATA}/applications`]).catch(() => {});
}
