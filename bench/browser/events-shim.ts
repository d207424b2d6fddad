/**
 * A browser stand-in for Node's `events` module, which pouchdb-browser imports. The bench
 * workspace may not add packages after its one install, and no `events` polyfill is
 * installed; this covers what PouchDB calls (on/once/off/emit/listeners/listenerCount).
 */
type Fn = (...args: unknown[]) => void;

export default class EventEmitter {
  private _ev: Map<string | symbol, Fn[]> | undefined;

  static listenerCount(ee: EventEmitter, type: string | symbol): number {
    return ee.listenerCount(type);
  }

  private map(): Map<string | symbol, Fn[]> {
    this._ev ??= new Map();
    return this._ev;
  }

  on(type: string | symbol, fn: Fn): this {
    const list = this.map().get(type) ?? [];
    list.push(fn);
    this.map().set(type, list);
    return this;
  }

  addListener(type: string | symbol, fn: Fn): this {
    return this.on(type, fn);
  }

  prependListener(type: string | symbol, fn: Fn): this {
    this.map().set(type, [fn, ...(this.map().get(type) ?? [])]);
    return this;
  }

  once(type: string | symbol, fn: Fn): this {
    const wrapped: Fn & { listener?: Fn } = (...args) => {
      this.removeListener(type, wrapped);
      fn.apply(this, args);
    };
    wrapped.listener = fn;
    return this.on(type, wrapped);
  }

  removeListener(type: string | symbol, fn: Fn): this {
    const list = this.map().get(type);
    if (!list) return this;
    const i = list.findIndex((l) => l === fn || (l as Fn & { listener?: Fn }).listener === fn);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.map().delete(type);
    return this;
  }

  off(type: string | symbol, fn: Fn): this {
    return this.removeListener(type, fn);
  }

  removeAllListeners(type?: string | symbol): this {
    if (type === undefined) this.map().clear();
    else this.map().delete(type);
    return this;
  }

  emit(type: string | symbol, ...args: unknown[]): boolean {
    const list = this.map().get(type);
    if (!list || list.length === 0) {
      if (type === 'error') throw args[0] instanceof Error ? args[0] : new Error(String(args[0]));
      return false;
    }
    for (const fn of [...list]) fn.apply(this, args);
    return true;
  }

  listeners(type: string | symbol): Fn[] {
    return [...(this.map().get(type) ?? [])].map(
      (l) => (l as Fn & { listener?: Fn }).listener ?? l,
    );
  }

  listenerCount(type: string | symbol): number {
    return this.map().get(type)?.length ?? 0;
  }

  setMaxListeners(_n: number): this {
    return this;
  }

  getMaxListeners(): number {
    return 0;
  }

  eventNames(): Array<string | symbol> {
    return [...this.map().keys()];
  }
}

// Node's methods are enumerable and PouchDB copies them with Object.keys(EE.prototype) onto
// its constructor; class methods are not, so make them so.
for (const key of Object.getOwnPropertyNames(EventEmitter.prototype)) {
  if (key === 'constructor') continue;
  const d = Object.getOwnPropertyDescriptor(EventEmitter.prototype, key)!;
  Object.defineProperty(EventEmitter.prototype, key, { ...d, enumerable: true });
}
