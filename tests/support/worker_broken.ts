/** A window's worker whose module throws while it loads. @module */
import "../../worker.ts";

throw new Error("broken at load");
