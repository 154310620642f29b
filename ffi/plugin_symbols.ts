/**
 * GTK 4 / GIO / GLib symbols the plugins' native ops use (clipboard,
 * dialogs). All exist in GTK 4.8; the 4.10+ dialog APIs are not used.
 * @module
 */

import { openSystem, SONAMES } from "./library.ts";

/** libgtk-4 symbols for the clipboard and dialogs. */
export const pluginGtkSymbols = {
  // GdkDisplay *gdk_display_get_default(void);
  gdk_display_get_default: { parameters: [], result: "pointer" },
  // GdkClipboard *gdk_display_get_clipboard(GdkDisplay *display);
  gdk_display_get_clipboard: { parameters: ["pointer"], result: "pointer" },
  // void gdk_clipboard_set_text(GdkClipboard *clipboard, const char *text);
  gdk_clipboard_set_text: { parameters: ["pointer", "buffer"], result: "void" },
  // gboolean gdk_clipboard_set_content(GdkClipboard *clipboard, GdkContentProvider *provider);
  gdk_clipboard_set_content: { parameters: ["pointer", "pointer"], result: "i32" },
  // void gdk_clipboard_read_text_async(GdkClipboard *clipboard, GCancellable *cancellable,
  //     GAsyncReadyCallback callback, gpointer user_data);
  gdk_clipboard_read_text_async: {
    parameters: ["pointer", "pointer", "pointer", "pointer"],
    result: "void",
  },
  // char *gdk_clipboard_read_text_finish(GdkClipboard *clipboard, GAsyncResult *result, GError **error);
  gdk_clipboard_read_text_finish: {
    parameters: ["pointer", "pointer", "buffer"],
    result: "pointer",
  },
  // GdkContentProvider *gdk_content_provider_new_for_bytes(const char *mime_type, GBytes *bytes);
  gdk_content_provider_new_for_bytes: { parameters: ["buffer", "pointer"], result: "pointer" },
  // GdkContentProvider *gdk_content_provider_new_union(GdkContentProvider **providers, gsize n_providers);
  gdk_content_provider_new_union: { parameters: ["buffer", "usize"], result: "pointer" },

  // GtkFileChooserNative *gtk_file_chooser_native_new(const char *title, GtkWindow *parent,
  //     GtkFileChooserAction action, const char *accept_label, const char *cancel_label);
  gtk_file_chooser_native_new: {
    parameters: ["buffer", "pointer", "i32", "buffer", "buffer"],
    result: "pointer",
  },
  // void gtk_native_dialog_show(GtkNativeDialog *self);
  gtk_native_dialog_show: { parameters: ["pointer"], result: "void" },
  // void gtk_native_dialog_set_modal(GtkNativeDialog *self, gboolean modal);
  gtk_native_dialog_set_modal: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_native_dialog_destroy(GtkNativeDialog *self);
  gtk_native_dialog_destroy: { parameters: ["pointer"], result: "void" },
  // GListModel *gtk_file_chooser_get_files(GtkFileChooser *chooser);
  gtk_file_chooser_get_files: { parameters: ["pointer"], result: "pointer" },
  // void gtk_file_chooser_set_select_multiple(GtkFileChooser *chooser, gboolean select_multiple);
  gtk_file_chooser_set_select_multiple: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_file_chooser_set_create_folders(GtkFileChooser *chooser, gboolean create_folders);
  gtk_file_chooser_set_create_folders: { parameters: ["pointer", "i32"], result: "void" },
  // gboolean gtk_file_chooser_set_current_folder(GtkFileChooser *chooser, GFile *file, GError **error);
  gtk_file_chooser_set_current_folder: {
    parameters: ["pointer", "pointer", "pointer"],
    result: "i32",
  },
  // void gtk_file_chooser_set_current_name(GtkFileChooser *chooser, const char *name);
  gtk_file_chooser_set_current_name: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_file_chooser_add_filter(GtkFileChooser *chooser, GtkFileFilter *filter);
  gtk_file_chooser_add_filter: { parameters: ["pointer", "pointer"], result: "void" },
  // GtkFileFilter *gtk_file_filter_new(void);
  gtk_file_filter_new: { parameters: [], result: "pointer" },
  // void gtk_file_filter_set_name(GtkFileFilter *filter, const char *name);
  gtk_file_filter_set_name: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_file_filter_add_pattern(GtkFileFilter *filter, const char *pattern);
  gtk_file_filter_add_pattern: { parameters: ["pointer", "buffer"], result: "void" },

  // GtkWidget *gtk_message_dialog_new(GtkWindow *parent, GtkDialogFlags flags, GtkMessageType type,
  //     GtkButtonsType buttons, const char *message_format, ...);   (called with a NULL format only)
  gtk_message_dialog_new: {
    parameters: ["pointer", "i32", "i32", "i32", "pointer"],
    result: "pointer",
  },
  // void gtk_message_dialog_set_markup(GtkMessageDialog *message_dialog, const char *str);
  gtk_message_dialog_set_markup: { parameters: ["pointer", "pointer"], result: "void" },
  // GtkWidget *gtk_dialog_add_button(GtkDialog *dialog, const char *button_text, int response_id);
  gtk_dialog_add_button: { parameters: ["pointer", "buffer", "i32"], result: "pointer" },
  // void gtk_dialog_set_default_response(GtkDialog *dialog, int response_id);
  gtk_dialog_set_default_response: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_window_set_title(GtkWindow *window, const char *title);
  gtk_window_set_title: { parameters: ["pointer", "buffer"], result: "void" },
  // void gtk_window_set_modal(GtkWindow *window, gboolean modal);
  gtk_window_set_modal: { parameters: ["pointer", "i32"], result: "void" },
  // void gtk_window_present(GtkWindow *window);
  gtk_window_present: { parameters: ["pointer"], result: "void" },
  // void gtk_window_destroy(GtkWindow *window);
  gtk_window_destroy: { parameters: ["pointer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libgio-2.0 symbols for dialog results. */
export const pluginGioSymbols = {
  // guint g_list_model_get_n_items(GListModel *list);
  g_list_model_get_n_items: { parameters: ["pointer"], result: "u32" },
  // gpointer g_list_model_get_item(GListModel *list, guint position);
  g_list_model_get_item: { parameters: ["pointer", "u32"], result: "pointer" },
  // char *g_file_get_path(GFile *file);
  g_file_get_path: { parameters: ["pointer"], result: "pointer" },
  // GFile *g_file_new_for_path(const char *path);
  g_file_new_for_path: { parameters: ["buffer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** libglib-2.0 symbols. */
export const pluginGlibSymbols = {
  // gchar *g_markup_escape_text(const gchar *text, gssize length);
  g_markup_escape_text: { parameters: ["buffer", "isize"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The plugins' native symbols, one object. */
export type PluginLibs =
  & Deno.DynamicLibrary<typeof pluginGtkSymbols>["symbols"]
  & Deno.DynamicLibrary<typeof pluginGioSymbols>["symbols"]
  & Deno.DynamicLibrary<typeof pluginGlibSymbols>["symbols"];

/** Opens the plugin symbol tables (on the UI thread). */
export function openPluginLibs(): PluginLibs {
  return {
    ...openSystem(SONAMES.gtk, pluginGtkSymbols).symbols,
    ...openSystem(SONAMES.gio, pluginGioSymbols).symbols,
    ...openSystem(SONAMES.glib, pluginGlibSymbols).symbols,
  };
}
