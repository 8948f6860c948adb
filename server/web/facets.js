// The facet panels (disjunctive counts: choosing several values of one facet ORs them) and the
// chips of the filters in force.
import { $, append, clear, el, focusWhere, fold } from './dom.js';
import { FILTERS, FILTER_TITLES, NO_YEAR, navigate, pageUrl, readState } from './state.js';

export const FACETS = [
  { name: 'year', title: 'Year' },
  { name: 'region', title: 'Region' },
  { name: 'meeting', title: 'Meeting' },
  { name: 'type', title: 'Type' },
  { name: 'country', title: 'Country' },
  { name: 'status', title: 'Focal-point status' },
  { name: 'organisation', title: 'Organisation' },
];
/** Values listed before "Show all"; a facet with more than FILTER_BOX_FROM values gets a box
 *  that narrows its list as one types. */
const FACET_SHOWN = 8;
const FILTER_BOX_FROM = 10;

const expandedFacets = new Set();
const facetFilterText = {};

/** Labels of facet values (from the facets of the current hits): "GH" -> "Ghana". */
export function labelMaps(facets) {
  const maps = {};
  for (const facet of FACETS) {
    maps[facet.name] = new Map();
    for (const value of (facets && facets[facet.name]) || []) {
      maps[facet.name].set(value.value, value.short_label || value.label);
    }
  }
  return maps;
}

export function matchesValue(selected, value) {
  return selected === value.value || fold(selected) === fold(value.label);
}

/** Regions go into the URL by name ("region=Africa"), the rest by id ("country=GH"). */
export function filterParam(field, value) {
  return field === 'region' ? value.label : value.value;
}

function toggleFilter(field, value) {
  const state = readState();
  const list = state.filters[field];
  const kept = list.filter((selected) => !matchesValue(selected, value));
  if (kept.length === list.length) kept.push(filterParam(field, value));
  state.filters[field] = kept;
  state.page = 1;
  navigate(pageUrl(state), { focus: { facet: field, value: value.value } });
}

/** The values a facet lists: the API's, years newest first, plus any selected value no hit has
 *  any more (shown pressed with 0, so it can be removed). */
function facetValues(facet, facets, selected, labels) {
  const values = ((facets && facets[facet.name]) || []).slice();
  // Years newest first; "no year" last.
  const yearKey = (value) => (value.value === NO_YEAR ? -Infinity : Number(value.value));
  if (facet.name === 'year') values.sort((a, b) => yearKey(b) - yearKey(a));
  for (const chosen of selected) {
    if (!values.some((value) => matchesValue(chosen, value))) {
      values.push({ value: chosen, label: labels[facet.name].get(chosen) || chosen, count: 0 });
    }
  }
  return values;
}

function valueButton(facet, value, pressed) {
  const shown = value.short_label || value.label;
  const button = el('button', {
    type: 'button', class: 'facet-value', 'aria-pressed': pressed ? 'true' : 'false',
    title: shown !== value.label ? value.label : null,
  }, el('span', { class: 'facet-label' }, shown),
  el('span', { class: 'facet-count' }, String(value.count),
    el('span', { class: 'visually-hidden' }, value.count === 1 ? ' record' : ' records')));
  button.dataset.facet = facet.name;
  button.dataset.value = value.value;
  button.addEventListener('click', () => toggleFilter(facet.name, value));
  return button;
}

/** Region values as a tree: each continent, then its sub-regions (by their `parent`) indented
 *  under it; a sub-region whose continent is not listed stands on its own. */
function regionTree(values) {
  const byCode = new Map(values.map((value) => [value.value, value]));
  const children = new Map();
  const top = [];
  for (const value of values) {
    if (value.parent && byCode.has(value.parent)) {
      if (!children.has(value.parent)) children.set(value.parent, []);
      children.get(value.parent).push(value);
    } else {
      top.push(value);
    }
  }
  const ordered = [];
  for (const value of top) {
    ordered.push({ value: value, depth: 0 });
    for (const child of children.get(value.value) || []) ordered.push({ value: child, depth: 1 });
  }
  return ordered;
}

function valueList(facet, entries, selected, filterText) {
  const expanded = expandedFacets.has(facet.name) || filterText !== '';
  const list = el('ul', { class: 'facet-values', id: 'facet-' + facet.name + '-values' });
  let listed = 0;
  for (const { value, depth } of entries) {
    const pressed = selected.some((chosen) => matchesValue(chosen, value));
    const label = value.short_label || value.label;
    if (filterText && !fold(label).includes(filterText) && !fold(value.value).includes(filterText)) continue;
    if (!expanded && listed >= FACET_SHOWN && !pressed) continue;
    listed += 1;
    list.appendChild(el('li', { class: depth ? 'facet-child' : null }, valueButton(facet, value, pressed)));
  }
  if (listed === 0) list.appendChild(el('li', { class: 'facet-empty' }, 'No value matches'));
  return list;
}

function filterBox(facet, redraw) {
  const id = 'facet-' + facet.name + '-filter';
  const input = el('input', {
    type: 'search', id: id, class: 'facet-filter', autocomplete: 'off',
    placeholder: 'Filter ' + facet.title.toLowerCase(), 'aria-label': 'Filter ' + facet.title + ' values',
    'aria-controls': 'facet-' + facet.name + '-values',
  });
  input.value = facetFilterText[facet.name] || '';
  input.addEventListener('input', () => {
    facetFilterText[facet.name] = input.value;
    redraw();
  });
  return input;
}

function moreButton(facet, count, list, redraw) {
  const expanded = expandedFacets.has(facet.name);
  const more = el('button', {
    type: 'button', class: 'facet-more', 'aria-expanded': expanded ? 'true' : 'false',
    'aria-controls': list.id,
  }, expanded ? 'Show fewer' : 'Show all ' + count);
  more.dataset.facetMore = facet.name;
  more.addEventListener('click', () => {
    if (expandedFacets.has(facet.name)) expandedFacets.delete(facet.name);
    else expandedFacets.add(facet.name);
    redraw();
    focusWhere('[data-facet-more]', (node) => node.dataset.facetMore === facet.name);
  });
  return more;
}

/** One facet's panel, or null when it has no value in these results and none is selected. */
function facetSection(facet, state, facets, labels) {
  const selected = state.filters[facet.name];
  const values = facetValues(facet, facets, selected, labels);
  if (values.length === 0) return null;
  const headingId = 'facet-' + facet.name + '-heading';
  const section = el('section', { class: 'facet', 'aria-labelledby': headingId },
    el('h3', { id: headingId }, facet.title));
  const entries = facet.name === 'region' ? regionTree(values)
    : values.map((value) => ({ value: value, depth: 0 }));
  const draw = () => {
    const filterText = fold(facetFilterText[facet.name] || '');
    const old = section.querySelector('.facet-values');
    const list = valueList(facet, entries, selected, filterText);
    if (old) old.replaceWith(list);
    else section.appendChild(list);
    const oldMore = section.querySelector('.facet-more');
    if (oldMore) oldMore.remove();
    if (values.length > FACET_SHOWN && filterText === '') section.appendChild(moreButton(facet, values.length, list, draw));
  };
  if (values.length > FILTER_BOX_FROM) section.appendChild(filterBox(facet, draw));
  draw();
  return section;
}

export function renderFacets(state, facets, labels) {
  const panels = clear($('facet-panels'));
  for (const facet of FACETS) {
    const section = facetSection(facet, state, facets, labels);
    if (section) panels.appendChild(section);
  }
  if (!panels.firstChild) panels.appendChild(el('p', { class: 'facet-empty' }, 'No filters for these results.'));
}

export function filterLabel(field, value, labels) {
  if (labels[field]) {
    if (labels[field].has(value)) return labels[field].get(value);
    for (const [id, label] of labels[field]) if (fold(label) === fold(value) || id === value) return label;
  }
  return value;
}

function chip(field, value, labels) {
  const text = FILTER_TITLES[field] + ': ' + filterLabel(field, value, labels);
  const button = el('button', { type: 'button', class: 'chip', 'aria-label': 'Remove filter ' + text },
    text, el('span', { 'aria-hidden': 'true', class: 'chip-x' }, ' ×'));
  button.addEventListener('click', () => {
    const next = readState();
    next.filters[field] = next.filters[field].filter((v) => v !== value);
    next.page = 1;
    navigate(pageUrl(next), { focus: { results: true } });
  });
  return button;
}

export function renderActiveFilters(state, labels) {
  const box = clear($('active-filters'));
  const chips = [];
  for (const field of FILTERS) for (const value of state.filters[field]) chips.push(chip(field, value, labels));
  box.hidden = chips.length === 0;
  if (chips.length === 0) return;
  const all = el('button', { type: 'button', class: 'chip chip-clear' }, 'Clear all filters');
  all.addEventListener('click', () => {
    const next = readState();
    for (const field of FILTERS) next.filters[field] = [];
    next.page = 1;
    navigate(pageUrl(next), { focus: { results: true } });
  });
  append(box, [el('span', { class: 'active-title' }, 'Filters:'), chips, all]);
}
