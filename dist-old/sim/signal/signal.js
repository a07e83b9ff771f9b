// Signals: models emit typed records, collectors subscribe (ns-3 trace sources, OMNeT++ signals).
// NOTE: emitters reuse one record object per signal to avoid allocating per emit; a listener must
// copy what it keeps. With no listener, `emit` is one length check, so guard costly record
// construction with `signal.active`.
export class Signal {
    name;
    listeners = [];
    constructor(name) {
        this.name = name;
    }
    get active() {
        return this.listeners.length > 0;
    }
    subscribe(listener) {
        this.listeners.push(listener);
    }
    emit(record) {
        const listeners = this.listeners;
        for (let i = 0; i < listeners.length; i++)
            listeners[i](record);
    }
}
/** The per-run registry of signals by name, so collectors find what models declared. */
export class SignalBus {
    signals = new Map();
    /** The signal called `name`, created on first use; models and collectors share it by name. */
    signal(name) {
        let signal = this.signals.get(name);
        if (!signal) {
            signal = new Signal(name);
            this.signals.set(name, signal);
        }
        return signal;
    }
}
//# sourceMappingURL=signal.js.map