// Small helpers for writing SVG text by hand (no DOM on Node).

/** Escapes text for use inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An attribute value: strings are escaped, numbers rounded to 2 decimals so the SVG stays short. */
export type AttributeValue = string | number | undefined;

/** Rounds a coordinate to 2 decimals (a hundredth of a pixel is below what any screen shows). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function formatAttributes(attributes: Record<string, AttributeValue>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    const text = typeof value === 'number' ? String(round2(value)) : escapeXml(value);
    parts.push(`${name}="${text}"`);
  }
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

/** One SVG element: `el('line', { x1: 0 })` → `<line x1="0"/>`; children are already-serialised SVG. */
export function el(name: string, attributes: Record<string, AttributeValue> = {}, children: string[] = []): string {
  const open = `<${name}${formatAttributes(attributes)}`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${name}>`;
}

/** A text element whose content is escaped. */
export function textEl(content: string, attributes: Record<string, AttributeValue> = {}): string {
  return `<text${formatAttributes(attributes)}>${escapeXml(content)}</text>`;
}

/** The outer <svg> element with its namespace, size, viewBox and an accessible title. */
export function svgDocument(width: number, height: number, title: string, body: string[], className: string): string {
  const attributes = {
    xmlns: 'http://www.w3.org/2000/svg',
    'xmlns:xlink': 'http://www.w3.org/1999/xlink',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': title,
    class: className,
    'font-family': 'DejaVu Sans, Arial, Helvetica, sans-serif',
  };
  return el('svg', attributes, [`<title>${escapeXml(title)}</title>`, ...body]);
}
