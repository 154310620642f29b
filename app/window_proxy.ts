/**
 * The full window control surface (PyWry's WindowProxy): actions and state
 * read from the native objects. Every call runs on the UI thread.
 * @module
 */

/** Runs a named native op on this window. */
export type NativeCall = (name: string, args?: unknown[]) => Promise<unknown>;

/** Width and height in logical pixels. */
export interface Size {
  width: number;
  height: number;
}

/** The native window behind a {@linkcode WindowHandle}. */
export class WindowProxy {
  #call: NativeCall;

  /** @param call runs a native op on the window (provided by the app) */
  constructor(call: NativeCall) {
    this.#call = call;
  }

  /** Sets the title. */
  async setTitle(title: string): Promise<void> {
    await this.#call("setTitle", [title]);
  }
  /** The title, read from the window. */
  async title(): Promise<string> {
    return await this.#call("title") as string;
  }
  /** Hides the window (it stays open). */
  async hide(): Promise<void> {
    await this.#call("setVisible", [false]);
  }
  /** Shows a hidden window and raises it. */
  async show(): Promise<void> {
    await this.#call("setVisible", [true]);
  }
  /** Whether the window is visible. */
  async isVisible(): Promise<boolean> {
    return await this.#call("isVisible") as boolean;
  }
  /** The content area's size. */
  async innerSize(): Promise<Size> {
    return await this.#call("innerSize") as Size;
  }
  /** A PNG of the page as rendered (the visible region). */
  async screenshot(): Promise<Uint8Array> {
    return await this.#call("screenshot") as Uint8Array;
  }
  /** Asks the window to close exactly as its title bar's close button does (GTK close request). */
  async requestClose(): Promise<void> {
    await this.#call("requestClose");
  }
  /** The page's URL. */
  async url(): Promise<string> {
    return await this.#call("url") as string;
  }
}
