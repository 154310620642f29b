/** Managed state (PyTauri's Manager/State): one value per class. @module */

/** A class used as a state key. */
// deno-lint-ignore no-explicit-any
export type StateClass<T> = abstract new (...args: any[]) => T;

/** Values keyed by their class. */
export class StateStore {
  #values = new Map<unknown, unknown>();

  /** Stores `value` under its class; a second value of the same class is an error. */
  manage<T extends object>(value: T): void {
    if (value === null || typeof value !== "object") {
      throw new TypeError("manage: state must be an object (an instance of a class)");
    }
    const cls = value.constructor;
    if (this.#values.has(cls)) {
      throw new Error(`manage: state of class ${cls.name} is already managed`);
    }
    this.#values.set(cls, value);
  }

  /** The value managed for `cls`; throws a clear error when none is. */
  get<T>(cls: StateClass<T>): T {
    if (!this.#values.has(cls)) {
      throw new Error(
        `state(${
          cls?.name ?? String(cls)
        }): no state of this class is managed; call app.manage(new ${
          cls?.name ?? "Class"
        }()) first`,
      );
    }
    return this.#values.get(cls) as T;
  }
}
