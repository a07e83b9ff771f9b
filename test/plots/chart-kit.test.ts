// The SVG chart kit and the pieces the plots are made of: escaping, determinism, axes with units,
// percentile ticks, marker label rows, sweep x axes from values as written, safe file names, and the
// HdrHistogram percentile spectrum.

import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, percentileSpectrum } from '../../experiment/collect/latency-histogram.js';
import { axisTicks, dataDomain, makeScale } from '../../reports/plots/axis.js';
import { chartSvg, type ChartSpec } from '../../reports/plots/chart.js';
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { percentileTicks } from '../../reports/plots/latency-spectrum.js';
import { placeMarkers } from '../../reports/plots/markers.js';
import { escapeXml, px } from '../../reports/plots/svg.js';
import { sweepXAxis } from '../../reports/plots/sweep-axis.js';
import { countColor } from '../support/png-pixels.js';
import { checkPlot, parseSvg, renderPng } from '../support/svg-check.js';

const spec = (title: string): ChartSpec => ({
  title,
  x: { label: 'time (s)', scale: 'linear', domain: [0, 10] },
  panels: [{
    y: { label: 'latency (ms, log scale)', scale: 'log', domain: [0.1, 100] },
    lines: [{ color: '#4e79a7', points: [[0, 0.5], [5, null], [6, 20], [10, 3]] }],
    bands: [{ color: '#4e79a7', points: [{ x: 0, low: 0.3, high: 0.7 }, { x: 10, low: 2, high: 4 }] }],
  }],
  markers: [{ x: 3, label: 'crash a<b', color: '#222222', dash: '' }, { x: 3.2, label: 'pfail', color: '#8c8c8c', dash: '4 3' }],
  legend: [{ label: 'cluster+l1 & "friends" <x>', color: '#4e79a7', kind: 'line' }, { label: '95 % CI', color: '#888888', kind: 'band' }],
});

describe('SVG text', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
  });

  it('writes coordinates with at most two decimals and never "-0"', () => {
    expect([px(1 / 3), px(-0.001), px(12), px(2.005e3)]).toEqual(['0.33', '0', '12', '2005']);
  });
});

describe('chart', () => {
  it('is well-formed standalone SVG with escaped user text, axis titles with units and a legend, and renders to PNG', () => {
    const svg = chartSvg(spec('a <chart> & "its" title'));
    const p = checkPlot(svg, 'kit', ['cluster+l1 & "friends" <x>', '95 % CI'], ['#4e79a7']);
    expect(p.axisLabels).toEqual(['time (s)', 'latency (ms, log scale)']);
    expect(svg).toContain('<title>a &lt;chart&gt; &amp; &quot;its&quot; title</title>');
  });

  it('renders to a PNG whose pixels show the series color and no color that was not drawn', () => {
    const png = renderPng(chartSvg(spec('t')), 'colors');
    expect(countColor(png, '#4e79a7')).toBeGreaterThan(300);
    expect(countColor(png, '#f28e2b')).toBe(0);
    expect(countColor(png, '#ffffff', 0)).toBeGreaterThan(png.width * png.height / 2);
  });

  it('gives the same bytes for the same input (no ids, no dates)', () => {
    expect(chartSvg(spec('t'))).toBe(chartSvg(spec('t')));
  });

  it('breaks a line where a value is null and draws the band as one closed area', () => {
    const p = parseSvg(chartSvg(spec('t')));
    const paths = p.elements.get('path')!;
    const series = paths.find((a) => a.class === 'series')!;
    expect(String(series.d).match(/M/g)).toHaveLength(2);
    const band = paths.find((a) => a.class === 'band')!;
    expect(String(band.d)).toMatch(/^M.*Z$/);
  });

  it('puts the labels of two close markers on different rows and of two far ones on the same row', () => {
    const s = makeScale({ label: 't (s)', scale: 'linear', domain: [0, 100], ticks: [] }, [0, 600]);
    const area = { left: 0, top: 0, width: 600, height: 100 };
    const close = placeMarkers([{ x: 10, label: 'election', color: '', dash: '' }, { x: 11, label: 'promoted', color: '', dash: '' }], s, area);
    expect([close.rows, close.placed.map((p) => p.row)]).toEqual([2, [0, 1]]);
    const far = placeMarkers([{ x: 10, label: 'election', color: '', dash: '' }, { x: 60, label: 'promoted', color: '', dash: '' }], s, area);
    expect([far.rows, far.placed.map((p) => p.row)]).toEqual([1, [0, 0]]);
  });
});

describe('axes', () => {
  it('label percentiles at 1/(1 − p) = 1, 10, 100…', () => {
    expect(percentileTicks(5)).toEqual([
      { value: 1, label: '0%' }, { value: 10, label: '90%' }, { value: 100, label: '99%' },
      { value: 1000, label: '99.9%' }, { value: 10000, label: '99.99%' }, { value: 100000, label: '99.999%' },
    ]);
  });

  it('ticks a log axis spanning decades at the powers of ten', () => {
    expect(axisTicks({ label: 'l (ms)', scale: 'log', domain: [0.05, 30] }).map((t) => t.label)).toEqual(['0.01', '0.1', '1', '10', '100']);
  });

  it('widens a domain of one value (a lone zero to [0, 1])', () => {
    expect([dataDomain([0, 0], 'linear'), dataDomain([5], 'linear'), dataDomain([4], 'log'), dataDomain([], 'log')])
      .toEqual([[0, 1], [4.5, 5.5], [2, 8], [1, 10]]);
  });
});

describe('sweep x axis', () => {
  it('places durations by value in seconds', () => {
    const a = sweepXAxis({ path: 'topologies.cluster.nodeTimeout', values: ['2s', '500ms', '15s'] });
    expect(a.xs).toEqual([2, 0.5, 15]);
    expect(a.spec.label).toBe('topologies.cluster.nodeTimeout (s, log scale)');
    expect(a.spec.ticks!.map((t) => t.label)).toEqual(['0.5', '2', '15']);
  });

  it('places sizes, quoted as the sweep: block writes them, in MB on a linear scale', () => {
    const a = sweepXAxis({ path: 'l1.capacity', values: ['"16MB"', '"32MB"', '"64MB"'] });
    expect([a.xs, a.spec.label, a.spec.scale]).toEqual([[16, 32, 64], 'l1.capacity (MB)', 'linear']);
  });

  it('places bare numbers as numbers and counts with underscores as counts', () => {
    expect(sweepXAxis({ path: 'workload.popularity.zipf', values: ['0.8', '0.99', '1.2'] }).spec.label).toBe('workload.popularity.zipf (number)');
    expect(sweepXAxis({ path: 'workload.keys', values: ['1_000', '"100_000"'] }).xs).toEqual([1000, 100000]);
  });

  it('places anything else at categorical positions in the order given', () => {
    const a = sweepXAxis({ path: 'server.maxmemoryPolicy', values: ['allkeys-lru', '"allkeys-lfu"', '{a: 1}'] });
    expect(a.xs).toEqual([0, 1, 2]);
    expect(a.spec.ticks!.map((t) => t.label)).toEqual(['allkeys-lru', 'allkeys-lfu', '{a: 1}']);
    expect(a.spec.label).toBe('server.maxmemoryPolicy (category)');
  });
});

describe('file names', () => {
  it('replaces characters outside [A-Za-z0-9._-] and a leading dot', () => {
    expect(['cluster+l1', 'a b/c', '..x', '', 'p99.9'].map(safeFileName)).toEqual(['cluster_l1', 'a_b_c', '_x', '_', 'p99.9']);
  });
});

describe('percentile spectrum', () => {
  it('visits HdrHistogram percentile levels, halving the distance to 100 % in 5 steps, each with the value at that percentile', () => {
    const h = newLatencyHistogram();
    for (let v = 1; v <= 1000; v++) h.recordValue(v);
    const s = percentileSpectrum(h);
    expect(s.slice(0, 8).map((p) => p.percentile)).toEqual([0, 10, 20, 30, 40, 50, 55, 60]);
    expect(s.slice(0, 3).map((p) => p.valueNs)).toEqual([1, 100, 200]);
    for (const p of s) expect(p.valueNs).toBe(h.getValueAtPercentile(p.percentile));
    expect(s.every((p) => p.percentile < 100)).toBe(true);
    expect(s[s.length - 1]!.valueNs).toBe(1000);
  });

  it('is empty for an empty histogram', () => {
    expect(percentileSpectrum(newLatencyHistogram())).toEqual([]);
  });
});
