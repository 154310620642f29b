/**
 * One window as `App` drives it, whatever shows it: a native window on the
 * UI thread, or a page served to a browser. `App` keeps the registry, the
 * page peer and the handle; the port only moves bytes and runs window ops.
 * @module
 */

import type { PageTransport } from "../bridge/peer.ts";
import type { UiContent } from "../ffi/ui_protocol.ts";

/** The transport-specific side of one window. */
export interface WindowPort {
  /** How host → page messages reach the page. */
  transport: PageTransport;
  /** Shows new content; the new page's bridge says hello when it is up. Throws for content the transport cannot show. */
  load(content: UiContent): void;
  /** Runs a named window op (`WindowProxy`); rejects when the transport has no such op. */
  call(name: string, args: unknown[]): Promise<unknown>;
  /** Asks the window to close; the app hears "gone" when it is. */
  close(): void;
  /** The transport reports real page loads (`PagePeer.commit`): forged hellos are refused. */
  verifiedLifecycle?: boolean;
  /** Brings the page in front of the user (the browser transport opens it); absent: nothing to do. */
  display?(): void;
}
