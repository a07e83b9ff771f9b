// SVG as text, written on the server without a DOM: elements with escaped attributes and text,
// coordinates rounded to 0.01 px, so the same figure always gives the same bytes. Text widths are
// estimated (nothing here can measure a font): 0.6 em per character, an upper bound for DejaVu Sans
// and Arial on the digits and lower-case letters of labels.
export const FONT_SIZE_PX = 12;
export function escapeXml(text) {
    return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}
/** A coordinate or length: two decimals, no "-0". */
export function px(x) {
    const r = Math.round(x * 100) / 100;
    return String(r === 0 ? 0 : r);
}
export function element(name, attrs, ...children) {
    const a = Object.entries(attrs)
        .filter((e) => e[1] !== undefined)
        .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : escapeXml(v)}"`)
        .join('');
    return children.length === 0 ? `<${name}${a}/>` : `<${name}${a}>${children.join('')}</${name}>`;
}
/** A text element; `content` is escaped. */
export function text(x, y, content, attrs = {}) {
    return element('text', { x, y, ...attrs }, escapeXml(content));
}
export function textWidth(content, fontSizePx = FONT_SIZE_PX) {
    return content.length * fontSizePx * 0.6;
}
/** A standalone SVG file: XML declaration, namespace, viewBox (whole px), a <title>, a white background. */
export function svgDocument(width, height, title, body) {
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
//# sourceMappingURL=svg.js.map