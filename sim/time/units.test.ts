import { describe, expect, it } from 'vitest';
import {
  nsToMs, parseBandwidthBps, parseCount, parseDurationNs, parseRatePerS, parseSizeBytes, UnitError,
} from './units.js';

/** Asserts that `parse(value)` throws a UnitError whose message matches `message`. */
function expectUnitError(parse: (value: string | number) => number, value: string | number, message: RegExp): void {
  let error: unknown;
  try {
    parse(value);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UnitError);
  expect((error as UnitError).message).toMatch(message);
}

describe('parseDurationNs', () => {
  it.each([
    ['7ns', 7], ['250us', 250_000], ['250µs', 250_000], ['1.5ms', 1_500_000], ['15s', 15e9],
    ['2m', 120e9], ['2min', 120e9], ['1h', 3600e9], ['1_000ms', 1e9], ['2e3us', 2e6], ['3 ms', 3e6], [' 4s ', 4e9],
  ])('parses %s into %d ns', (text, ns) => {
    expect(parseDurationNs(text)).toBe(ns);
  });

  it('rounds to whole nanoseconds', () => {
    expect(parseDurationNs('0.1us')).toBe(100);
    expect(parseDurationNs('1.4ns')).toBe(1);
    expect(parseDurationNs('1.1s')).toBe(1_100_000_000);
  });

  it('accepts a bare 0, as a number or a string', () => {
    expect(parseDurationNs(0)).toBe(0);
    expect(parseDurationNs('0')).toBe(0);
  });

  it.each(['15 seconds', '15', '15sec', '5 ns ms', 'ms', '', '1.5.2ms', '5S'])('rejects %j, naming the expected form and the units', (text) => {
    expectUnitError(parseDurationNs, text, /^expected a duration like "15s", "250us", "1\.5ms" \(units: ns, us, µs, ms, s, m, min, h\)$/);
  });

  it('rejects a bare non-zero number, asking for a unit', () => {
    expectUnitError(parseDurationNs, 15, /expected a duration with a unit like "15s" or "250us", got the bare number 15/);
  });

  it('rejects a negative duration', () => {
    expectUnitError(parseDurationNs, '-5ms', /expected a duration ≥ 0/);
  });

  it.each(['5constructor', '5toString', '5valueOf', '5hasOwnProperty'])('rejects %j: names inherited by every object are not units', (text) => {
    expectUnitError(parseDurationNs, text, /expected a duration like/);
  });

  it('rejects a duration too large to be a number', () => {
    expectUnitError(parseDurationNs, '1e400s', /expected a duration like/);
  });
});

describe('parseSizeBytes', () => {
  it.each([
    ['512B', 512], ['2KB', 2000], ['1.5KB', 1500], ['3MB', 3e6], ['1GB', 1e9], ['2TB', 2e12],
    ['1KiB', 1024], ['2MiB', 2 * 1024 ** 2], ['1.5GiB', 1.5 * 1024 ** 3], ['1TiB', 1024 ** 4], ['10_000B', 10_000],
  ])('parses %s into %d bytes', (text, bytes) => {
    expect(parseSizeBytes(text)).toBe(bytes);
  });

  it('reads a bare number as bytes, rounded to an integer', () => {
    expect(parseSizeBytes(100)).toBe(100);
    expect(parseSizeBytes(99.6)).toBe(100);
    expect(parseSizeBytes('0.1KB')).toBe(100);
  });

  it.each(['2 kilobytes', '2kb', '2Kb', '2', 'KB', '5constructor'])('rejects %j, naming the expected form and the units', (text) => {
    expectUnitError(parseSizeBytes, text, /^expected a size like "512B", "2KB", "1\.5GiB" \(units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB\)$/);
  });

  it.each(['-1KB', -1, Number.POSITIVE_INFINITY, Number.NaN])('rejects %s as a size', (value) => {
    expectUnitError(parseSizeBytes, value, /expected a size ≥ 0/);
  });
});

describe('parseBandwidthBps', () => {
  it.each([
    ['9600bps', 9600], ['56Kbps', 56e3], ['100Mbps', 100e6], ['10Gbps', 10e9], ['1.5Gbps', 1.5e9], ['1Tbps', 1e12], ['25 Gbps', 25e9],
  ])('parses %s into %d bits per second', (text, bps) => {
    expect(parseBandwidthBps(text)).toBe(bps);
  });

  it('reads "unlimited" as an infinite bandwidth', () => {
    expect(parseBandwidthBps('unlimited')).toBe(Infinity);
  });

  it.each(['10 Gb/s', '10GB/s', '10gbps', '10G', '1e400Gbps'])('rejects %j, naming the expected form and the units', (text) => {
    expectUnitError(parseBandwidthBps, text, /^expected a bandwidth like "10Gbps", "100Mbps" or "unlimited" \(units: bps, Kbps, Mbps, Gbps, Tbps\)$/);
  });

  it('rejects a bare number, asking for a unit', () => {
    expectUnitError(parseBandwidthBps, 10, /expected a bandwidth like "10Gbps" or "unlimited", got the bare number 10/);
  });

  it.each(['-10Gbps', '0Gbps'])('rejects %j as not positive', (text) => {
    expectUnitError(parseBandwidthBps, text, /expected a bandwidth > 0/);
  });
});

describe('parseRatePerS', () => {
  it.each([
    ['50000/s', 50_000], ['2/ms', 2000], ['3/us', 3e6], ['1_000 /s', 1000], ['7200/h', 2], ['0.5/s', 0.5],
  ])('parses %s into %d per second', (text, rate) => {
    expect(parseRatePerS(text)).toBe(rate);
  });

  it.each([['120/m'], ['120/min']])('parses %s (per minute) into 2 per second', (text) => {
    expect(parseRatePerS(text)).toBeCloseTo(2, 12);
  });

  it.each(['50000 per second', '50000', '50000/sec', '50000 Hz', '1e400/s'])('rejects %j, naming the expected form and the units', (text) => {
    expectUnitError(parseRatePerS, text, /^expected a rate like "50000\/s", "2\/ms" \(units: \/s, \/ms, \/us, \/m, \/min, \/h\)$/);
  });

  it('rejects a bare number, asking for a unit', () => {
    expectUnitError(parseRatePerS, 50_000, /expected a rate like "50000\/s", got the bare number 50000/);
  });

  it.each(['-5/s', '0/s'])('rejects %j as not positive', (text) => {
    expectUnitError(parseRatePerS, text, /expected a rate > 0/);
  });
});

describe('parseCount', () => {
  it.each([[1000, 1000], ['1000', 1000], ['1_000_000', 1_000_000], [0, 0], [' 42 ', 42]])('parses %j into %d', (value, n) => {
    expect(parseCount(value)).toBe(n);
  });

  it.each([-1, 1.5, '-1', '1.5', '1e6', '1k', '', Number.NaN, 2 ** 53])('rejects %j, asking for a whole number ≥ 0', (value) => {
    expectUnitError(parseCount, value, /expected a whole number ≥ 0 like 1000 or "1_000_000"/);
  });
});

describe('nsToMs', () => {
  it('converts nanoseconds to milliseconds rounded to the microsecond', () => {
    expect(nsToMs(1_234_567)).toBe(1.235);
    expect(nsToMs(1_234_499)).toBe(1.234);
    expect(nsToMs(0)).toBe(0);
  });
});
