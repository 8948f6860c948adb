// DOM building blocks of the page. Every node is built with createElement and text nodes: record
// text and query text are never parsed as HTML, so neither a corpus record nor a query can inject
// markup or script.

/** An element with attributes (names from this page's code only) and children (nodes or text). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  for (const child of children) {
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

/** A link handled by the page itself (History API) rather than a full load. */
export function navLink(href, text, attrs) {
  return el('a', Object.assign({ href: href, 'data-nav': true }, attrs || {}), text);
}

export const recordHref = (id) => '/record/' + encodeURIComponent(id);
export const dossierHref = (id) => '/dossier/' + encodeURIComponent(id);

/** Nodes with a separator (", " unless given) between each two. */
export function joinNodes(nodes, separator) {
  const out = [];
  nodes.forEach((node, i) => {
    if (i) out.push(separator || ', ');
    out.push(node);
  });
  return out;
}

/** Focuses the first node of `selector` that passes `test`; whether there was one. */
export function focusWhere(selector, test) {
  for (const node of document.querySelectorAll(selector)) {
    if (test(node)) {
      node.focus();
      return true;
    }
  }
  return false;
}

/** Case- and accent-insensitive form, to match "Africa" in a URL against a facet label. */
export function fold(text) {
  return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** "2013-06-11" -> "11 June 2013", "2011-05" -> "May 2011", as precise as the source. */
export function formatDate(iso) {
  if (!iso) return '';
  const [year, month, day] = String(iso).split('-');
  const monthName = month ? MONTHS[Number(month) - 1] || month : '';
  return [day ? String(Number(day)) : '', monthName, year].filter(Boolean).join(' ');
}

export function timeEl(iso) {
  return iso ? el('time', { datetime: iso }, formatDate(iso)) : null;
}

/** Text with its ISO dates ("2013-06-11") shown as the page shows dates elsewhere. */
export function withDates(text) {
  return String(text).split(/\b(\d{4}-(?:0[1-9]|1[0-2])(?:-\d{2})?)\b/)
    .map((part, i) => (i % 2 ? timeEl(part) : part)).filter((part) => part !== '');
}

export function plural(count, one, many) {
  return count + ' ' + (count === 1 ? one : many);
}

/** Snippets arrive HTML-escaped with <mark>…</mark> around matches: split on the two tags,
 *  decode the five entities and insert the pieces as text. */
export function appendSnippet(parent, snippet) {
  let marked = false;
  for (const part of String(snippet).split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') { marked = true; continue; }
    if (part === '</mark>') { marked = false; continue; }
    if (part === '') continue;
    const text = document.createTextNode(decodeEntities(part));
    parent.appendChild(marked ? el('mark', null, text) : text);
  }
  return parent;
}

function decodeEntities(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (match, name) => named[name]);
}
