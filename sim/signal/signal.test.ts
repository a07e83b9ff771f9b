import { describe, expect, it } from 'vitest';
import { Signal, SignalBus } from './signal.js';

describe('Signal', () => {
  it('is inactive until a listener subscribes', () => {
    const signal = new Signal<number>('request.completed');
    expect(signal.active).toBe(false);
    signal.subscribe(() => {});
    expect(signal.active).toBe(true);
  });

  it('delivers every emitted record to every listener, in subscription order', () => {
    const signal = new Signal<{ id: number }>('request.completed');
    const seen: string[] = [];
    signal.subscribe((r) => seen.push(`a${r.id}`));
    signal.subscribe((r) => seen.push(`b${r.id}`));
    signal.emit({ id: 1 });
    signal.emit({ id: 2 });
    expect(seen).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('hands listeners the emitted record object itself', () => {
    const signal = new Signal<{ id: number }>('x');
    const record = { id: 7 };
    let received: unknown = null;
    signal.subscribe((r) => (received = r));
    signal.emit(record);
    expect(received).toBe(record);
  });

  it('emits to nobody without error when no listener subscribed', () => {
    expect(() => new Signal<number>('x').emit(1)).not.toThrow();
  });

  it('keeps its name', () => {
    expect(new Signal<number>('cluster.failover').name).toBe('cluster.failover');
  });
});

describe('SignalBus', () => {
  it('returns the same signal for the same name, so emitters and collectors meet', () => {
    const bus = new SignalBus();
    const emitter = bus.signal<number>('request.completed');
    const seen: number[] = [];
    bus.signal<number>('request.completed').subscribe((n) => seen.push(n));
    expect(bus.signal<number>('request.completed')).toBe(emitter);
    emitter.emit(3);
    expect(seen).toEqual([3]);
  });

  it('keeps signals of different names apart', () => {
    const bus = new SignalBus();
    const seen: number[] = [];
    bus.signal<number>('a').subscribe((n) => seen.push(n));
    bus.signal<number>('b').emit(1);
    expect(seen).toEqual([]);
    expect(bus.signal('b').name).toBe('b');
  });

  it('keeps buses of different runs apart', () => {
    const seen: number[] = [];
    new SignalBus().signal<number>('a').subscribe((n) => seen.push(n));
    new SignalBus().signal<number>('a').emit(1);
    expect(seen).toEqual([]);
  });
});
