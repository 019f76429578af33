import type { CookieJar } from "../../lib/auth/types";

/** A browser's cookie store, reduced to what the auth adapters touch. */
export class MemoryJar implements CookieJar {
  readonly values = new Map<string, string>();

  get(name: string) {
    return this.values.get(name);
  }

  getAll() {
    return [...this.values].map(([name, value]) => ({ name, value }));
  }

  set(name: string, value: string, options?: { maxAge?: number }) {
    if (options?.maxAge === 0 || value === "") this.values.delete(name);
    else this.values.set(name, value);
  }

  delete(name: string) {
    this.values.delete(name);
  }

  clone(): MemoryJar {
    const copy = new MemoryJar();
    for (const [k, v] of this.values) copy.values.set(k, v);
    return copy;
  }
}
