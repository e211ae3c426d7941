// SPDX-License-Identifier: Apache-2.0
/**
 * A light well-formedness check for the SVG Graphviz writes: one root element, tags balanced
 * and properly nested, attributes quoted and unique, text and attribute values free of `<`
 * and of bare `&`. Not a general XML parser: enough to catch broken escaping.
 */

const NAME = '[A-Za-z_][\\w:.-]*';
const ENTITY = /&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);/g;

/** Throws naming the first problem; returns the root element's name. */
export function checkXml(text: string): string {
  let body = text.replace(/^<\?xml[^?]*\?>/, '').replace(/<!DOCTYPE[^>]*>/, '');
  body = body.replace(/<!--([\s\S]*?)-->/g, (_, c: string) => {
    if (c.includes('--')) throw new Error(`comment contains "--": ${c}`);
    return '';
  });
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"]*")*)\\s*(/?)>`, 'g');
  const stack: string[] = [];
  let root: string | undefined;
  let last = 0;
  for (const m of body.matchAll(tag)) {
    checkText(body.slice(last, m.index), stack.length === 0);
    last = m.index + m[0].length;
    const [, close, name, attrs, selfClose] = m;
    const seen = new Set<string>();
    for (const a of attrs.matchAll(new RegExp(`(${NAME})\\s*=\\s*"([^"]*)"`, 'g'))) {
      if (seen.has(a[1])) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      seen.add(a[1]);
      checkText(a[2], false);
    }
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClose) {
      if (stack.length === 0) {
        if (root !== undefined) throw new Error(`second root element <${name}>`);
        root = name;
      }
      stack.push(name);
    } else if (stack.length === 0) {
      throw new Error(`empty root element <${name}/>`);
    }
  }
  checkText(body.slice(last), true);
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (root === undefined) throw new Error('no root element');
  return root;
}

function checkText(text: string, outside: boolean): void {
  if (outside && text.trim() !== '') throw new Error(`text outside the root: ${text.trim().slice(0, 40)}`);
  if (text.includes('<')) throw new Error(`unescaped "<" or a malformed tag near: ${text.slice(text.indexOf('<'), text.indexOf('<') + 40)}`);
  if (text.replace(ENTITY, '').includes('&')) throw new Error(`bare "&" near: ${text.slice(0, 40)}`);
}

/** The ids of the `<g>` elements of an SVG with `class` exactly `cls` (`node`, `edge`, `cluster`). */
export function svgGroups(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<g id="([^"]*)" class="${cls}">`, 'g'))].map((m) => m[1]);
}
