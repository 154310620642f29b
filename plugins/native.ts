/**
 * What plugins may ask of a window's native side, typed by operation: the contract between a
 * plugin and the app's host (`PluginWindow.nativeCall`, `PluginWindow.control`). The app runs
 * each operation on the window's UI thread; a window without a native side (a browser page)
 * rejects it with a clear error.
 * @module
 */

/** A file or folder chooser (`dialogFile`). */
export interface FileDialogRequest {
  /** Open files, save a file, or pick a folder. */
  mode: "open" | "save" | "folder";
  /** The dialog's title. */
  title?: string;
  /** Several files may be chosen. */
  multiple?: boolean;
  /** The folder or file the dialog starts at. */
  defaultPath?: string;
  /** The user may make folders in the dialog. */
  canCreateDirectories?: boolean;
  /** File type filters (name and extensions). */
  filters?: Array<{ name: string; extensions: string[] }>;
}

/** A message box (`dialogMessage`). */
export interface MessageDialogRequest {
  /** The dialog's title. */
  title?: string;
  /** The message shown. */
  message: string;
  /** `info`, `warning` or `error`. */
  kind?: string;
  /** Button labels in order; the first is the default (Return). */
  buttons: string[];
  /** What Escape or closing the dialog answers. */
  cancel: string;
}

/** A size in logical pixels. */
export interface NativeSize {
  /** Width in logical pixels. */
  width: number;
  /** Height in logical pixels. */
  height: number;
}

/** A monitor's place and size on the screen. */
export interface MonitorArea {
  /** Left edge, screen pixels. */
  x: number;
  /** Top edge, screen pixels. */
  y: number;
  /** Width in logical pixels. */
  width: number;
  /** Height in logical pixels. */
  height: number;
}

/** A window's native state (the fields of `WindowProxy.state()`). */
export interface NativeWindowState {
  /** The size of the page area. */
  innerSize?: NativeSize | null;
  /** The outer corner's place on the screen. */
  outerPosition?: { x: number; y: number } | null;
  /** Maximized. */
  isMaximized?: boolean;
  /** Minimized. */
  isMinimized?: boolean;
  /** Shown. */
  isVisible?: boolean;
  /** Has a title bar and frame. */
  isDecorated?: boolean;
  /** Fullscreen. */
  isFullscreen?: boolean;
}

/** The native operations by name: their arguments and what they answer. */
export interface NativeOps {
  /** Paths chosen; empty when cancelled. */
  dialogFile(request: FileDialogRequest): string[];
  /** The label of the button pressed. */
  dialogMessage(request: MessageDialogRequest): string;
  /** Puts text on the clipboard. */
  clipboardWriteText(text: string): void;
  /** The clipboard's text. */
  clipboardReadText(): string;
  /** Puts HTML (and a plain-text alternative) on the clipboard. */
  clipboardWriteHtml(html: string, altText?: string): void;
  /** Puts an image (the bytes of a PNG, JPEG or TIFF file) on the clipboard. */
  clipboardWriteImage(bytes: Uint8Array): void;
  /** The clipboard's image, as PNG bytes (GDK converts what the owner offers). */
  clipboardReadImage(): Uint8Array;
  /** Empties the clipboard. */
  clipboardClear(): void;
  /** The window's native state now. */
  windowState(): NativeWindowState;
  /** The size the window returns to from maximized or fullscreen. */
  normalSize(): NativeSize | null;
  /** The monitors now. */
  monitors(): MonitorArea[];
  /** Shows or hides the page inside its window (the window stays). */
  webviewSetVisible(visible: boolean): void;
  /** Whether the page is shown inside its window. */
  webviewIsVisible(): boolean;
  /** Raises the window and gives the page the keyboard focus. */
  webviewFocus(): void;
  /** Whether the page has the keyboard focus. */
  webviewHasFocus(): boolean;
  /** Clears every kind of website data of the page's network session. */
  clearBrowsingData(): null;
  /** Opens the print dialog for the page (it runs after the call returns). */
  printPage(): void;
}

/** A native operation's name. */
export type NativeOp = keyof NativeOps;

/** The window controls a plugin may use (a subset of the app's `WindowProxy`). */
export interface WindowControl {
  /** Shows or hides the title bar and frame. */
  setDecorations(decorated: boolean): Promise<void>;
  /** Sets the page area's size. */
  setSize(width: number, height: number): Promise<void>;
  /** Moves the outer corner. */
  setPosition(x: number, y: number): Promise<void>;
  /** The outer corner's place on the screen (the frame's, with a window manager). */
  outerPosition(): Promise<{ x: number; y: number }>;
  /** The size with the window manager's frame. */
  outerSize(): Promise<NativeSize>;
  /** Maximizes. */
  maximize(): Promise<void>;
  /** Restores from maximized. */
  unmaximize(): Promise<void>;
  /** Whether maximized. */
  isMaximized(): Promise<boolean>;
  /** Enters or leaves fullscreen. */
  setFullscreen(fullscreen: boolean): Promise<void>;
  /** Whether fullscreen. */
  isFullscreen(): Promise<boolean>;
  /** Shows the window. */
  show(): Promise<void>;
}

/** One desktop notification to show. */
export interface NotificationRequest {
  /** The sending application (also sent as the `desktop-entry` hint). */
  appName: string;
  /** The server's id of a notification to replace, or 0 for a new one. */
  replaces: number;
  /** The title. */
  title: string;
  /** The body text. */
  body: string;
  /** An icon name or file URI; "" for none. */
  icon: string;
  /** A sound name from the freedesktop sound theme. */
  sound?: string;
  /** Asks the server to play no sound. */
  silent?: boolean;
  /** Buttons as `[key, label]` pairs (the key `default` is a click on the notification itself). */
  actions?: Array<[string, string]>;
}

/** What the notification server reports about a notification it showed. */
export type NotificationSignal =
  /** The user invoked one of its actions (`ActionInvoked`). */
  | { type: "action"; id: number; action: string }
  /** It went away (`NotificationClosed`): 1 expired, 2 dismissed by the user, 3 closed by a call, 4 other. */
  | { type: "closed"; id: number; reason: number };

/** The desktop's notifications, as the host offers them to plugins. */
export interface DesktopNotifications {
  /** Shows a notification; resolves with the id the server gave it. */
  notify(request: NotificationRequest): Promise<number>;
  /** Closes the notification the server gave `id`. */
  close(id: number): Promise<void>;
  /** What the server can do (`GetCapabilities`: `actions`, `body`, …). */
  capabilities(): Promise<string[]>;
  /**
   * Hears the server's signals until the returned function is called; while anyone listens the
   * D-Bus loop keeps running (and so the process): stop listening when nothing is awaited.
   */
  listen(handler: (signal: NotificationSignal) => void): Promise<() => void>;
}

/** A key combination (global-shortcut): a key as a DOM `KeyboardEvent.code` plus modifiers. */
export interface KeyCombo {
  /** The key: `KeyA`, `Digit1`, `F5`, `Space`, `ArrowUp`, … */
  code: string;
  /** Shift held. */
  shift: boolean;
  /** Control held. */
  control: boolean;
  /** Alt held. */
  alt: boolean;
  /** Super (Meta, the logo key) held. */
  meta: boolean;
}

/** A grabbed combination went down or up. */
export type KeyState = "Pressed" | "Released";

/**
 * Keys grabbed for the whole desktop, heard whichever program has the focus (on Linux: passive
 * grabs on the X11 root window).
 */
export interface GlobalKeys {
  /**
   * Grabs `combo`; `onKey` hears each press and release. Rejects with a clear message when
   * another program holds the combination, when the key is unknown, or where grabs cannot work
   * (Wayland, no display).
   */
  grab(combo: KeyCombo, onKey: (state: KeyState) => void): Promise<void>;
  /** Lets go of `combo` (nothing happens when it was not grabbed). */
  ungrab(combo: KeyCombo): Promise<void>;
}
