/**
 * The protocol suite (`protocol_test.ts`) again, on the notebook transport: every `new App()` there
 * picks it up from `PANES_TRANSPORT`, and each output is rendered as a notebook frontend
 * renders it, its page in an iframe, in a headless Chromium (`support/notebook_frontend.ts`).
 * @module
 */

import { useNotebookTransport } from "./support/notebook_frontend.ts";

await useNotebookTransport();
await import("./protocol_test.ts");
