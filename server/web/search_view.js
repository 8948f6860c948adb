// The search view: status line, how the query was read, the answer card, facets, the year bars,
// the hits and the pager, all from one /api/search answer (and /api/facets when filtered).
import {
  $, append, appendSnippet, clear, dossierHref, el, focusWhere, joinNodes, navLink, plural,
  recordHref, timeEl, withDates,
} from './dom.js';
import { FACETS, filterParam, labelMaps, matchesValue, renderActiveFilters, renderFacets } from './facets.js';
import { renderHistogram } from './histogram.js';
import {
  FILTERS, FILTER_TITLES, TYPE_LABELS, getJson, hitParams, pageUrl, searchParams, startLoad,
} from './state.js';
import { setViewLinks, showView } from './views.js';

let lastSearchUrl = '/';

/** Where "Back to results" goes: the last search shown. */
export function lastSearch() {
  return lastSearchUrl;
}

function hitTies(hit, labels) {
  const ties = el('dl', { class: 'hit-ties' });
  if (hit.meeting && hit.meeting.length) {
    append(ties, [el('dt', null, hit.meeting.length === 1 ? 'Meeting' : 'Meetings'),
      el('dd', null, joinNodes(hit.meeting.map((id) =>
        navLink(dossierHref(id), labels.meeting.get(id) || id, { class: 'meeting-link' }))))]);
  }
  if (hit.countries && hit.countries.length) {
    append(ties, [el('dt', null, hit.countries.length === 1 ? 'Country' : 'Countries'),
      el('dd', null, joinNodes(hit.countries.map((code) =>
        navLink(dossierHref(code), labels.country.get(code) || code, { class: 'country-link' }))))]);
  }
  if (hit.region && hit.region.length) {
    append(ties, [el('dt', null, 'Region'), el('dd', null, hit.region.join(', '))]);
  }
  return ties.childNodes.length ? ties : null;
}

function hitElement(hit, index, labels) {
  const headingId = 'hit-' + index;
  const meta = el('p', { class: 'hit-meta' },
    el('span', { class: 'badge badge-' + (TYPE_LABELS[hit.type] ? hit.type : 'other') },
      TYPE_LABELS[hit.type] || hit.type),
    hit.date ? [' ', timeEl(hit.date)] : hit.year ? [' ', String(hit.year)] : null);
  return el('li', { class: 'hit' },
    el('article', { 'aria-labelledby': headingId },
      el('h3', { id: headingId, class: 'hit-title' }, navLink(recordHref(hit.id), hit.title)),
      meta,
      appendSnippet(el('p', { class: 'snippet' }), hit.snippet || ''),
      hitTies(hit, labels),
      hit.source ? el('p', { class: 'source' }, 'Source: ', hit.source) : null));
}

function pageNumbers(state, pages) {
  const shown = new Set([1, pages]);
  for (let p = state.page - 2; p <= state.page + 2; ++p) if (p >= 1 && p <= pages) shown.add(p);
  return [...shown].sort((a, b) => a - b);
}

function renderPager(state, total) {
  const pager = clear($('pager'));
  const pages = Math.ceil(total / state.perPage);
  pager.hidden = pages <= 1;
  if (pages <= 1) return;
  const link = (page, text, attrs) => {
    const a = navLink(pageUrl(Object.assign({}, state, { page: page })), text, attrs);
    a.dataset.page = String(page);
    return a;
  };
  const items = [];
  if (state.page > 1) items.push(link(state.page - 1, 'Previous', { rel: 'prev' }));
  let previous = 0;
  for (const page of pageNumbers(state, pages)) {
    if (page > previous + 1) items.push(el('span', { class: 'gap', 'aria-hidden': 'true' }, '…'));
    items.push(page === state.page
      ? el('span', { class: 'current', 'aria-current': 'page' }, el('span', { class: 'visually-hidden' }, 'Page '), String(page))
      : link(page, String(page), { 'aria-label': 'Page ' + page }));
    previous = page;
  }
  if (state.page < pages) items.push(link(state.page + 1, 'Next', { rel: 'next' }));
  pager.appendChild(el('ul', null, items.map((item) => el('li', null, item))));
}

function statusText(state, results) {
  const parts = [];
  const total = results.total;
  const verb = total === 1 ? ' matches' : ' match';
  parts.push(plural(total, 'record', 'records'));
  if (state.q) parts[0] += verb + ' “' + state.q + '”';
  else if (FILTERS.some((f) => state.filters[f].length)) parts[0] += verb + ' these filters';
  else parts[0] += ' in all';
  if (total > 0 && results.hits.length > 0) {
    parts.push('showing ' + (results.offset + 1) + '–' + (results.offset + results.hits.length));
  } else if (total > 0) {
    parts.push('no hits on this page');
  }
  return parts.join(' · ');
}

/** The facet value an understood name pins ("--meeting accra-2013" -> "accra-2013"), or null. */
function understoodValue(entity) {
  if (!entity.filter || !FILTERS.includes(entity.kind)) return null;
  const flag = '--' + entity.kind + ' ';
  const id = entity.filter.startsWith(flag) ? entity.filter.slice(flag.length) : entity.filter;
  return { value: id, label: entity.label || id };
}

/** A link to the current search with one more filter, or null when it is already applied. */
function addFilterLink(state, entity) {
  const value = understoodValue(entity);
  if (!value || state.filters[entity.kind].some((chosen) => matchesValue(chosen, value))) return null;
  const next = Object.assign({}, state, { page: 1, filters: Object.assign({}, state.filters) });
  next.filters[entity.kind] = state.filters[entity.kind].concat(filterParam(entity.kind, value));
  return navLink(pageUrl(next), FILTER_TITLES[entity.kind] + ': ' + value.label,
    { class: 'reading-filter' });
}

/** Sentences saying how the query was read; none when every word was simply matched. */
function readingParts(state, interpretation) {
  const parts = [];
  if (interpretation.matching === 'some') {
    parts.push('No record has every word; these have the most of them.');
  }
  if (interpretation.ignored && interpretation.ignored.length) {
    parts.push('Not required: ' + interpretation.ignored.join(', ') + '.');
  }
  const links = (interpretation.understood || []).map((e) => addFilterLink(state, e)).filter(Boolean);
  if (links.length) parts.push(el('span', null, 'Narrow to ', joinNodes(links), '.'));
  return parts;
}

function renderReading(state, results) {
  const reading = clear($('reading'));
  const shown = results && results.hits.length > 0 && results.interpretation;
  const parts = shown ? readingParts(state, results.interpretation) : [];
  reading.hidden = parts.length === 0;
  append(reading, joinNodes(parts, ' '));
}

/** Facts as a <dl>; consecutive facts with one label share their <dt>. */
function answerFacts(rows) {
  const list = el('dl', { class: 'facts answer-facts' });
  rows.forEach((row, i) => {
    if (i === 0 || rows[i - 1].label !== row.label) list.appendChild(el('dt', null, withDates(row.label)));
    list.appendChild(el('dd', null, withDates(row.value)));
  });
  return list.childNodes.length ? list : null;
}

/** The answer card above the first page of hits: the entity's page and its facts. */
function renderAnswerCard(state, results) {
  const card = clear($('answer-card'));
  const answer = results && results.hits.length > 0 && state.page === 1 ? results.answer : null;
  card.hidden = !answer;
  if (!answer) return;
  append(card, [
    el('p', { class: 'answer-kind' }, TYPE_LABELS[answer.kind] || answer.kind),
    el('h3', { class: 'answer-title' }, navLink(answer.link, answer.title, { class: 'answer-link' })),
    answerFacts(answer.facts || [])]);
}

export function showError(message, offers) {
  const box = clear($('error'));
  box.textContent = message;
  if (offers) box.appendChild(offers);
  box.hidden = !message;
}

/**
 * A name that fits several countries or meetings is never guessed: the server lists the
 * candidates, and the page offers each as a link ("Did you mean: … · …"), those with records first.
 */
export function candidateLinks(ambiguous, hrefOf) {
  if (!ambiguous || !Array.isArray(ambiguous.candidates) || !ambiguous.candidates.length) return null;
  const links = ambiguous.candidates.map((c) => navLink(hrefOf(c), c.label + ' (' + c.id + ')',
    { class: 'candidate' + (c.has_records ? '' : ' no-records') }));
  return el('p', { class: 'candidates' }, 'Did you mean: ', ...links.flatMap((a, i) => (i ? [' · ', a] : [a])));
}

/** The current search with the ambiguous filter value replaced by one candidate's id. */
function replacedFilterUrl(state, ambiguous, candidate) {
  const field = ambiguous.kind;
  if (!FILTERS.includes(field) || !state.filters[field].includes(ambiguous.name)) return dossierHref(candidate.id);
  const next = Object.assign({}, state, { page: 1, filters: Object.assign({}, state.filters) });
  next.filters[field] = state.filters[field].map((v) => (v === ambiguous.name ? candidate.id : v));
  return pageUrl(next);
}

function renderFailure(state, error) {
  showError(error.message, candidateLinks(error.ambiguous, (c) => replacedFilterUrl(state, error.ambiguous, c)));
  $('status').textContent = 'No results';
  clear($('hits'));
  clear($('facet-panels'));
  $('pager').hidden = true;
  $('histogram').hidden = true;
  $('suggestion').hidden = true;
  renderReading(state, null);
  renderAnswerCard(state, null);
  renderActiveFilters(state, labelMaps(null));
}

function renderSuggestion(state, answer) {
  const suggestion = clear($('suggestion'));
  suggestion.hidden = !answer.suggestion;
  if (!answer.suggestion) return;
  append(suggestion, ['Did you mean ',
    navLink(pageUrl(Object.assign({}, state, { q: answer.suggestion, page: 1 })), answer.suggestion,
      { class: 'suggestion-link' }), '?']);
}

function renderHits(answer, labels) {
  const hits = clear($('hits'));
  hits.setAttribute('start', String(answer.offset + 1));
  answer.hits.forEach((hit, i) => hits.appendChild(hitElement(hit, answer.offset + i + 1, labels)));
  if (answer.hits.length === 0) {
    hits.appendChild(el('li', { class: 'no-hits' },
      answer.total === 0 ? 'Nothing matches. Try fewer words or fewer filters.' : 'This page is past the last hit.'));
  }
}

function renderAnswer(state, answer, facetCounts) {
  showError('');
  const labels = labelMaps(answer.facets);
  const panelFacets = facetCounts ? facetCounts.facets : answer.facets;
  // Selected values that left the current hits keep their labels from the facet panel.
  for (const [field, values] of Object.entries(labelMaps(panelFacets))) {
    for (const [id, label] of values) if (!labels[field].has(id)) labels[field].set(id, label);
  }
  $('status').textContent = statusText(state, answer);
  renderSuggestion(state, answer);
  renderReading(state, answer);
  renderAnswerCard(state, answer);
  renderActiveFilters(state, labels);
  renderFacets(state, panelFacets, labels);
  renderHistogram(answer.facets, answer.total);
  renderHits(answer, labels);
  renderPager(state, answer.total);
}

function applyFocus(focus) {
  if (focus.facet) {
    focusWhere('.facet-value', (node) => node.dataset.facet === focus.facet && node.dataset.value === focus.value);
  } else if (focus.results) {
    $('results-heading').setAttribute('tabindex', '-1');
    $('results-heading').focus();
  }
}

function setControls(state) {
  if (document.activeElement !== $('q')) $('q').value = state.q;
  $('sort').value = ['', 'date', '-date'].includes(state.sort) ? state.sort : '';
  $('per-page').value = String(state.perPage);
  lastSearchUrl = pageUrl(state);
  document.title = (state.q ? state.q + ' — ' : '') + 'R2P Focal Points — search';
  const exportParams = searchParams(state);
  exportParams.set('limit', '0');
  setViewLinks('/api/search?' + hitParams(state).toString(), '/export.csv?' + exportParams.toString());
}

export async function renderSearch(state, options) {
  showView('search');
  setControls(state);
  const filtered = FACETS.some((facet) => state.filters[facet.name].length > 0);
  const load = startLoad();
  const results = $('results');
  results.setAttribute('aria-busy', 'true');
  let answer;
  let facetCounts;
  try {
    [answer, facetCounts] = await Promise.all([
      getJson('/api/search?' + hitParams(state).toString(), load.signal),
      filtered ? getJson('/api/facets?' + searchParams(state).toString(), load.signal) : null,
    ]);
  } catch (error) {
    if (error.name === 'AbortError' || !load.current()) return;
    results.removeAttribute('aria-busy');
    renderFailure(state, error);
    return;
  }
  if (!load.current()) return;
  results.removeAttribute('aria-busy');
  renderAnswer(state, answer, facetCounts);
  applyFocus(options.focus || {});
}
