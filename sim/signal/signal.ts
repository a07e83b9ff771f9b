// Signals: models emit typed records, collectors subscribe (ns-3 trace sources, OMNeT++ signals).
// NOTE: emitters reuse one record object per signal to avoid allocating per emit; a listener must
// copy what it keeps. With no listener, `emit` is one length check, so guard costly record
// construction with `signal.active`.

export type Listener<T> = (record: T) => void;

export class Signal<T> {
  private listeners: Listener<T>[] = [];

  constructor(readonly name: string) {}

  get active(): boolean {
    return this.listeners.length > 0;
  }

  subscribe(listener: Listener<T>): void {
    this.listeners.push(listener);
  }

  emit(record: T): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(record);
  }
}

/** The per-run registry of signals by name, so collectors find what models declared. */
export class SignalBus {
  private readonly signals = new Map<string, Signal<unknown>>();

  /** The signal called `name`, created on first use; models and collectors share it by name. */
  signal<T>(name: string): Signal<T> {
    let signal = this.signals.get(name);
    if (!signal) {
      signal = new Signal<unknown>(name);
      this.signals.set(name, signal);
    }
    return signal as Signal<T>;
  }
}
