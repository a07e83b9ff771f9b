// SVG as text, written on the server without a DOM: elements with escaped attributes and text,
// coordinates rounded to 0.01 px, so the same figure always gives the same bytes. Text widths are
// estimated (nothing here can measure a font): 0.6 em per character, an upper bound for DejaVu Sans
// and Arial on the digits and lower-case letters of labels.

export type Attrs = Record<string, string | number | undefined>;

export const FONT_SIZE_PX = 12;

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

/** A coordinate or length: two decimals, no "-0". */
export function px(x: number): string {
  const r = Math.round(x * 100) / 100;
  return String(r === 0 ? 0 : r);
}

export function element(name: string, attrs: Attrs, ...children: string[]): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : escapeXml(v)}"`)
    .join('');
  return children.length === 0 ? `<${name}${a}/>` : `<${name}${a}>${children.join('')}</${name}>`;
}

/** A text element; `content` is escaped. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return element('text', { x, y, ...attrs }, escapeXml(content));
}

export function textWidth(content: string, fontSizePx = FONT_SIZE_PX): number {
  return content.length * fontSizePx * 0.6;
}

/** A standalone SVG file: XML declaration, namespace, viewBox (whole px), a <title>, a white background. */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  const widthPx = Math.ceil(width);
  const heightPx = Math.ceil(height);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(widthPx)}" height="${px(heightPx)}" viewBox="0 0 ${px(widthPx)} ${px(heightPx)}" ` +
      `font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${FONT_SIZE_PX}">`,
    element('title', {}, escapeXml(title)),
    element('rect', { width: widthPx, height: heightPx, fill: '#ffffff' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
