// Imported with no permissions at all: any side effect at import (FFI, env, files) would fail.
import * as panes from "../../mod.ts";
import "../../plugins.ts";
import "../../page.ts";
import "../../commands.ts";
import "../../menu.ts";
import "../../protocol.ts";
import "../../testing.ts";
console.log(Object.keys(panes).length > 0 ? "imported" : "empty");
