import { describe, expect, it } from 'vitest';
import { hostPatternMatches, Machines, patternOverlap } from './machines.js';

describe('Machines', () => {
  it('names hosts as placement does, with app-*, <topology>/* and * for groups', () => {
    expect(hostPatternMatches('app-*', 'app-12')).toBe(true);
    expect(hostPatternMatches('app-*', 'c/primary-0')).toBe(false);
    expect(hostPatternMatches('c/*', 'c/primary-0')).toBe(true);
    expect(hostPatternMatches('c/*', 'cc/primary-0')).toBe(false);
    expect(hostPatternMatches('c/primary-0', 'c/primary-1')).toBe(false);
    expect(hostPatternMatches('*', 'app-0')).toBe(true);
  });

  it('finds what two patterns both name without listing hosts', () => {
    expect(patternOverlap('*', 'c/primary-0')).toBe('c/primary-0');
    expect(patternOverlap('app-3', 'app-*')).toBe('app-3');
    expect(patternOverlap('c/*', 'c/replica-0-0')).toBe('c/replica-0-0');
    expect(patternOverlap('app-*', 'c/*')).toBeNull();
    expect(patternOverlap('c/*', 'd/*')).toBeNull();
    expect(patternOverlap('*', 'app-*')).toBe('app-*');
  });

  it('gives the hosts of one machine one schedule, and accounts only the machines that hold a host of the run', () => {
    const machines = new Machines([{ name: 'box', cores: 2, hosts: ['app-*', 'c/primary-0'] }, { name: 'other', cores: 4, hosts: ['d/*'] }]);
    const cores = machines.of('app-3');
    expect(machines.of('c/primary-0')).toBe(cores);
    expect(machines.of('c/primary-1')).toBeNull();
    cores!.book(0, 30);
    cores!.book(0, 10);
    const usage = machines.usage();
    expect(usage.map((u) => [u.name, u.kind, u.capacity])).toEqual([['box', 'machine-cpu', 2]]);
    expect(usage[0]!.busyNsAt(5)).toBe(10);
    expect(usage[0]!.busyNsAt(40)).toBe(40);
  });
});
