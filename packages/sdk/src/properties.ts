/** `visitor:authenticationStatus`: null before activation and after logout. */
export type AuthenticationStatus = 'ANONYMOUS' | 'AUTHENTICATED' | null;

/** Properties the SDK itself maintains: `set` refuses them. */
export const READ_ONLY_PROPERTIES = ['visitor:authenticationStatus', 'conversation:id'] as const;

export interface KnownProperties {
  'visitor:authenticationStatus': AuthenticationStatus;
  'conversation:id': string | null;
}

/**
 * A listener of any event. Written as a method so that the typed listeners of `on` (`ParleyListener`) are assignable to
 * it, as they were when they all took `unknown`: code that keeps them in a `Set<Listener>` still compiles.
 */
export type Listener = { listener(value: unknown): void }['listener'];

/** A property bag where every property `p` fires `pChange` with its new value when it changes. */
export class Properties {
  private readonly values = new Map<string, unknown>([
    ['visitor:authenticationStatus', null],
    ['conversation:id', null],
  ]);
  private readonly listeners = new Map<string, Set<Listener>>();

  get(name: string): unknown {
    return this.values.get(name) ?? null;
  }

  /** Sets a value and fires `${name}Change` if it changed; a throwing listener does not stop the others. */
  update(name: string, value: unknown): void {
    if (Object.is(this.get(name), value)) return;
    this.values.set(name, value);
    for (const listener of [...(this.listeners.get(`${name}Change`) ?? [])]) {
      try {
        listener(value);
      } catch (error) {
        console.error(`[parley] a ${name}Change listener threw`, error);
      }
    }
  }

  /** Calls the listeners of `event` with `value`; a throwing listener does not stop the others. */
  emit(event: string, value: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(value);
      } catch (error) {
        console.error(`[parley] a ${event} listener threw`, error);
      }
    }
  }

  on(event: string, listener: Listener): void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
  }

  off(event: string, listener: Listener): void {
    this.listeners.get(event)?.delete(listener);
  }
}
