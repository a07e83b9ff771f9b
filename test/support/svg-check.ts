// Checks of a produced SVG file, as a reader would: well-formed XML (fast-xml-parser's validator),
// a standalone <svg> root (namespace, viewBox), its axis titles and legend labels read back from
// the parsed tree, and a rendering to PNG by an image converter (rsvg-convert, Debian's
// librsvg2-bin; .ci/run installs it) of the SVG's size, with the expected colors drawn.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import { countColor, readPng, type Pixels } from './png-pixels.js';
import { tempDir } from './temp-dir.js';

type Node = Record<string, unknown>;

export interface ParsedSvg {
  width: number;
  height: number;
  /** The axis titles (class axis-label), x first for each panel. */
  axisLabels: string[];
  /** The texts of the legend entries. */
  legend: string[];
  /** Every element by name, with its attributes (name → list). */
  elements: Map<string, Node[]>;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false });

function walk(nodes: Node[], visit: (name: string, attrs: Node, children: Node[]) => void): void {
  for (const n of nodes) {
    const name = Object.keys(n).find((k) => k !== ':@');
    if (name === undefined || name === '#text') continue;
    const children = n[name] as Node[];
    visit(name, (n[':@'] ?? {}) as Node, children);
    walk(children, visit);
  }
}

const textOf = (children: Node[]): string => children.map((c) => String(c['#text'] ?? '')).join('');

export function parseSvg(svg: string): ParsedSvg {
  const valid = XMLValidator.validate(svg);
  expect(valid, `not well-formed XML: ${JSON.stringify(valid)}`).toBe(true);
  const tree = parser.parse(svg) as Node[];
  const root = tree.find((n) => 'svg' in n);
  expect(root, 'no <svg> root').toBeDefined();
  const rootAttrs = root![':@'] as Node;
  expect(rootAttrs.xmlns).toBe('http://www.w3.org/2000/svg');
  const [x0, y0, width, height] = String(rootAttrs.viewBox).split(' ').map(Number);
  expect([x0, y0]).toEqual([0, 0]);
  const elements = new Map<string, Node[]>();
  const axisLabels: string[] = [];
  const legend: string[] = [];
  walk(tree, (name, attrs, children) => {
    elements.set(name, [...(elements.get(name) ?? []), attrs]);
    if (name === 'text' && attrs.class === 'axis-label') axisLabels.push(textOf(children));
    if (name === 'g' && attrs.class === 'legend-entry') {
      walk(children, (n, _a, c) => { if (n === 'text') legend.push(textOf(c)); });
    }
  });
  return { width: width!, height: height!, axisLabels, legend, elements };
}

/** Every axis title names its unit in parentheses, e.g. "latency (ms, log scale)". */
export function expectAxisUnits(p: ParsedSvg, minAxes = 2): void {
  expect(p.axisLabels.length).toBeGreaterThanOrEqual(minAxes);
  for (const label of p.axisLabels) expect(label).toMatch(/^\S.* \(.*\S.*\)$/);
}

/** Renders with rsvg-convert and checks the PNG's signature; returns its pixels. */
export function renderPng(svg: string, name: string): Pixels {
  const dir = tempDir();
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  writeFileSync(svgPath, svg);
  try {
    execFileSync('rsvg-convert', ['--format', 'png', '--output', pngPath, svgPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`rsvg-convert failed (apt-get install librsvg2-bin installs it): ${String(error)}`);
  }
  const png = readFileSync(pngPath);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return readPng(png);
}

/**
 * The whole acceptance check of one plot: well-formed, units on every axis title, a legend entry
 * naming each of `names`, rendered to a PNG of the SVG's size in which each of `colors` ('#rrggbb',
 * e.g. the topologies' lines) covers at least `minPixels` pixels (a legend swatch alone covers ~40).
 */
export function checkPlot(svg: string, name: string, names: readonly string[], colors: readonly string[], minPixels = 200): ParsedSvg {
  const p = parseSvg(svg);
  expectAxisUnits(p);
  for (const n of names) expect(p.legend.some((l) => l.includes(n)), `legend of ${name} names ${n}: ${p.legend.join(' | ')}`).toBe(true);
  const png = renderPng(svg, name);
  expect([png.width, png.height]).toEqual([p.width, p.height]);
  for (const c of colors) expect(countColor(png, c), `pixels of ${c} in ${name}`).toBeGreaterThanOrEqual(minPixels);
  return p;
}
