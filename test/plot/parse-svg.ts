// A minimal XML reader for the SVG that nb.plot writes (elements, attributes, text), for tests only.

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
}

/** Parses well-formed XML without comments, CDATA or processing instructions; throws on mismatched tags. */
export function parseXml(source: string): XmlNode {
  const root: XmlNode = { name: '#root', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let position = 0;
  while ((match = tag.exec(source)) !== null) {
    position = tag.lastIndex;
    const [, closing, name, attrText, selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      top.text += decode(text);
    } else if (closing) {
      if (top.name !== name) throw new Error(`mismatched </${name}>, open element is <${top.name}>`);
      stack.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const a of attrText!.matchAll(/([\w:.-]+)="([^"]*)"/g)) attributes[a[1]!] = decode(a[2]!);
      const node: XmlNode = { name: name!, attributes, children: [], text: '' };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  if (position !== source.length)
    throw new Error(`cannot parse XML at offset ${position}: ${source.slice(position, position + 40)}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1) throw new Error('XML must have exactly one root element');
  return root.children[0]!;
}

/** Every descendant (depth first) for which `test` holds. */
export function findAll(node: XmlNode, test: (n: XmlNode) => boolean): XmlNode[] {
  const found: XmlNode[] = [];
  const visit = (n: XmlNode): void => {
    if (test(n)) found.push(n);
    n.children.forEach(visit);
  };
  node.children.forEach(visit);
  return found;
}

/** Descendants with this element name and (optionally) this class. */
export function byName(node: XmlNode, name: string, className?: string): XmlNode[] {
  return findAll(
    node,
    (n) => n.name === name && (className === undefined || (n.attributes.class ?? '').split(' ').includes(className)),
  );
}

/** The "x,y x,y" points attribute as number pairs. */
export function parsePoints(points: string): Array<[number, number]> {
  return points
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [x, y] = pair.split(',').map(Number);
      return [x!, y!];
    });
}
