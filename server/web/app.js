// r2p-kb web page: search with disjunctive facets, entity pages and the URL as the whole state.
// Every node is built with createElement and text nodes: record text and query text are never
// parsed as HTML, so neither a corpus record nor a query can inject markup or script.
'use strict';

(function () {
  const FACETS = [
    { name: 'year', title: 'Year' },
    { name: 'region', title: 'Region' },
    { name: 'meeting', title: 'Meeting' },
    { name: 'type', title: 'Type' },
    { name: 'country', title: 'Country' },
    { name: 'organisation', title: 'Organisation' },
  ];
  const FILTERS = ['type', 'year', 'region', 'meeting', 'country', 'organisation', 'status'];
  const FILTER_TITLES = {
    type: 'Type', year: 'Year', region: 'Region', meeting: 'Meeting', country: 'Country',
    organisation: 'Organisation', status: 'Status',
  };
  const TYPE_LABELS = {
    meeting: 'Meeting',
    recommendation: 'Recommendation',
    country: 'Country',
    document: 'Document',
    organisation: 'Organisation',
    person: 'Person',
  };
  const LANGUAGE_NAMES = {
    ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish',
  };
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const PAGE_SIZE = 10;
  const FACET_SHOWN = 8;

  const $ = (id) => document.getElementById(id);
  const expandedFacets = new Set();
  let generation = 0;
  let inFlight = null;
  let lastSearchUrl = '/';

  // ---- DOM helpers -------------------------------------------------------------------------

  /** An element with attributes (names from this file only) and children (nodes or text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** A link handled by the page itself (History API) rather than a full load. */
  function navLink(href, text, attrs) {
    return el('a', Object.assign({ href: href, 'data-nav': true }, attrs || {}), text);
  }

  const recordHref = (id) => '/record/' + encodeURIComponent(id);
  const dossierHref = (id) => '/dossier/' + encodeURIComponent(id);

  /** Snippets arrive HTML-escaped with <mark>…</mark> around matches: split on the two tags,
   *  decode the five entities and insert the pieces as text. */
  function appendSnippet(parent, snippet) {
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

  /** Case- and accent-insensitive form, to match "Africa" in a URL against a facet label. */
  function fold(text) {
    return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  }

  /** "2013-06-11" -> "11 June 2013", "2011-05" -> "May 2011", as precise as the source. */
  function formatDate(iso) {
    if (!iso) return '';
    const [year, month, day] = String(iso).split('-');
    const monthName = month ? MONTHS[Number(month) - 1] || month : '';
    return [day ? String(Number(day)) : '', monthName, year].filter(Boolean).join(' ');
  }

  function timeEl(iso) {
    return iso ? el('time', { datetime: iso }, formatDate(iso)) : null;
  }

  function plural(count, one, many) {
    return count + ' ' + (count === 1 ? one : many);
  }

  // ---- State in the URL ----------------------------------------------------------------------

  function readState() {
    const url = new URL(window.location.href);
    const params = url.searchParams;
    const state = {
      view: 'search', name: '', q: params.get('q') || '', sort: params.get('sort') || '',
      page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1), filters: {},
    };
    for (const field of FILTERS) state.filters[field] = params.getAll(field).filter((v) => v !== '');
    for (const view of ['record', 'dossier']) {
      const prefix = '/' + view + '/';
      if (url.pathname.startsWith(prefix) && url.pathname.length > prefix.length) {
        state.view = view;
        try {
          state.name = decodeURIComponent(url.pathname.slice(prefix.length));
        } catch (e) {
          state.name = url.pathname.slice(prefix.length);
        }
      }
    }
    return state;
  }

  /** The search part of a state as API parameters (no paging). */
  function searchParams(state) {
    const params = new URLSearchParams();
    if (state.q) params.append('q', state.q);
    for (const field of FILTERS) for (const value of state.filters[field]) params.append(field, value);
    if (state.sort) params.set('sort', state.sort);
    return params;
  }

  function pageUrl(state) {
    const params = searchParams(state);
    if (state.page > 1) params.set('page', String(state.page));
    const text = params.toString();
    return '/' + (text ? '?' + text : '');
  }

  function withState(changes) {
    const state = readState();
    if (state.view !== 'search') {
      state.q = ''; state.sort = ''; state.page = 1;
      for (const field of FILTERS) state.filters[field] = [];
    }
    return Object.assign(state, changes);
  }

  function navigate(url, options) {
    window.history.pushState(null, '', url);
    render(Object.assign({ scroll: true }, options || {}));
  }

  async function getJson(url, signal) {
    const response = await fetch(url, { signal: signal, headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : 'HTTP ' + response.status;
      const error = new Error(message);
      error.status = response.status;
      error.ambiguous = body && body.ambiguous ? body.ambiguous : null;
      throw error;
    }
    return body;
  }

  // ---- Search view ---------------------------------------------------------------------------

  /** Labels of facet values (from the facets of the current hits): "GH" -> "Ghana". */
  function labelMaps(facets) {
    const maps = {};
    for (const facet of FACETS) {
      maps[facet.name] = new Map();
      for (const value of (facets && facets[facet.name]) || []) maps[facet.name].set(value.value, value.label);
    }
    return maps;
  }

  function matchesValue(selected, value) {
    return selected === value.value || fold(selected) === fold(value.label);
  }

  /** Regions go into the URL by name ("region=Africa"), the rest by id ("country=GH"). */
  function filterParam(field, value) {
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

  function renderFacets(state, facets, labels) {
    const panels = clear($('facet-panels'));
    for (const facet of FACETS) {
      const selected = state.filters[facet.name];
      let values = ((facets && facets[facet.name]) || []).slice();
      if (facet.name === 'year') values.sort((a, b) => Number(b.value) - Number(a.value));
      // A selected value no record has any more still shows, pressed, so it can be removed.
      for (const chosen of selected) {
        if (!values.some((value) => matchesValue(chosen, value))) {
          values.push({ value: chosen, label: labels[facet.name].get(chosen) || chosen, count: 0 });
        }
      }
      const headingId = 'facet-' + facet.name + '-heading';
      const section = el('section', { class: 'facet', 'aria-labelledby': headingId },
        el('h3', { id: headingId }, facet.title));
      if (values.length === 0) {
        section.appendChild(el('p', { class: 'facet-empty' }, 'None in these results'));
        panels.appendChild(section);
        continue;
      }
      const expanded = expandedFacets.has(facet.name);
      const list = el('ul', { class: 'facet-values', id: 'facet-' + facet.name + '-values' });
      values.forEach((value, index) => {
        const pressed = selected.some((chosen) => matchesValue(chosen, value));
        if (!expanded && index >= FACET_SHOWN && !pressed) return;
        const button = el('button', {
          type: 'button', class: 'facet-value', 'aria-pressed': pressed ? 'true' : 'false',
        }, el('span', { class: 'facet-label' }, value.label),
        el('span', { class: 'facet-count' }, String(value.count),
          el('span', { class: 'visually-hidden' }, value.count === 1 ? ' record' : ' records')));
        button.dataset.facet = facet.name;
        button.dataset.value = value.value;
        button.addEventListener('click', () => toggleFilter(facet.name, value));
        list.appendChild(el('li', null, button));
      });
      section.appendChild(list);
      if (values.length > FACET_SHOWN) {
        const more = el('button', {
          type: 'button', class: 'facet-more', 'aria-expanded': expanded ? 'true' : 'false',
          'aria-controls': list.id,
        }, expanded ? 'Show fewer' : 'Show all ' + values.length);
        more.dataset.facetMore = facet.name;
        more.addEventListener('click', () => {
          if (expandedFacets.has(facet.name)) expandedFacets.delete(facet.name);
          else expandedFacets.add(facet.name);
          renderFacets(readState(), facets, labels);
          focusWhere('[data-facet-more]', (node) => node.dataset.facetMore === facet.name);
        });
        section.appendChild(more);
      }
      panels.appendChild(section);
    }
  }

  function focusWhere(selector, test) {
    for (const node of document.querySelectorAll(selector)) {
      if (test(node)) {
        node.focus();
        return true;
      }
    }
    return false;
  }

  function filterLabel(field, value, labels) {
    if (labels[field]) {
      if (labels[field].has(value)) return labels[field].get(value);
      for (const [id, label] of labels[field]) if (fold(label) === fold(value) || id === value) return label;
    }
    return value;
  }

  function renderActiveFilters(state, labels) {
    const box = clear($('active-filters'));
    const chips = [];
    for (const field of FILTERS) {
      for (const value of state.filters[field]) {
        const text = FILTER_TITLES[field] + ': ' + filterLabel(field, value, labels);
        const chip = el('button', { type: 'button', class: 'chip', 'aria-label': 'Remove filter ' + text },
          text, el('span', { 'aria-hidden': 'true', class: 'chip-x' }, ' ×'));
        chip.addEventListener('click', () => {
          const next = readState();
          next.filters[field] = next.filters[field].filter((v) => v !== value);
          next.page = 1;
          navigate(pageUrl(next), { focus: { results: true } });
        });
        chips.push(chip);
      }
    }
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

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) {
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Bars of the current hits per year, every year between the first and the last shown. */
  function renderHistogram(facets) {
    const figure = $('histogram');
    const box = clear($('histogram-bars'));
    const counts = new Map();
    for (const value of (facets && facets.year) || []) counts.set(Number(value.value), value.count);
    const years = [...counts.keys()].filter((year) => Number.isFinite(year));
    figure.hidden = years.length === 0;
    if (years.length === 0) return;
    const first = Math.min(...years);
    const last = Math.max(...years);
    const max = Math.max(...counts.values());
    const barWidth = 34;
    const gap = 8;
    const chartHeight = 80;
    const width = (last - first + 1) * (barWidth + gap) + gap;
    const height = chartHeight + 36;
    const parts = [];
    for (let year = first; year <= last; ++year) parts.push(year + ': ' + plural(counts.get(year) || 0, 'hit', 'hits'));
    const chart = svg('svg', {
      viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img',
      'aria-label': 'Hits by year: ' + parts.join('; '), class: 'histogram-svg',
    });
    for (let year = first, i = 0; year <= last; ++year, ++i) {
      const count = counts.get(year) || 0;
      const barHeight = count === 0 ? 0 : Math.max(2, Math.round((count / max) * (chartHeight - 14)));
      const x = gap + i * (barWidth + gap);
      const y = chartHeight - barHeight;
      const bar = svg('g', { class: 'bar' },
        svg('title', null, year + ': ' + plural(count, 'hit', 'hits')),
        svg('rect', { x: x, y: y, width: barWidth, height: barHeight, rx: 2 }),
        svg('text', { x: x + barWidth / 2, y: y - 3, 'text-anchor': 'middle', class: 'bar-count' }, count ? String(count) : ''),
        svg('text', { x: x + barWidth / 2, y: chartHeight + 16, 'text-anchor': 'middle', class: 'bar-year' }, String(year)));
      chart.appendChild(bar);
    }
    box.appendChild(chart);
  }

  function hitElement(hit, index, labels) {
    const headingId = 'hit-' + index;
    const meta = el('p', { class: 'hit-meta' },
      el('span', { class: 'badge badge-' + (TYPE_LABELS[hit.type] ? hit.type : 'other') },
        TYPE_LABELS[hit.type] || hit.type),
      hit.date ? [' ', timeEl(hit.date)] : hit.year ? [' ', String(hit.year)] : null);
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
    return el('li', { class: 'hit' },
      el('article', { 'aria-labelledby': headingId },
        el('h3', { id: headingId, class: 'hit-title' }, navLink(recordHref(hit.id), hit.title)),
        meta,
        appendSnippet(el('p', { class: 'snippet' }), hit.snippet || ''),
        ties.childNodes.length ? ties : null,
        hit.source ? el('p', { class: 'source' }, 'Source: ', hit.source) : null));
  }

  function joinNodes(nodes, separator) {
    const out = [];
    nodes.forEach((node, i) => {
      if (i) out.push(separator || ', ');
      out.push(node);
    });
    return out;
  }

  function renderPager(state, total) {
    const pager = clear($('pager'));
    const pages = Math.ceil(total / PAGE_SIZE);
    pager.hidden = pages <= 1;
    if (pages <= 1) return;
    const link = (page, text, attrs) => {
      const target = Object.assign({}, state, { page: page });
      const a = navLink(pageUrl(target), text, attrs);
      a.dataset.page = String(page);
      return a;
    };
    const items = [];
    if (state.page > 1) items.push(link(state.page - 1, 'Previous', { rel: 'prev' }));
    const shown = new Set([1, pages]);
    for (let p = state.page - 2; p <= state.page + 2; ++p) if (p >= 1 && p <= pages) shown.add(p);
    let previous = 0;
    for (const page of [...shown].sort((a, b) => a - b)) {
      if (page > previous + 1) items.push(el('span', { class: 'gap', 'aria-hidden': 'true' }, '…'));
      items.push(page === state.page
        ? el('span', { class: 'current', 'aria-current': 'page' }, el('span', { class: 'visually-hidden' }, 'Page '), String(page))
        : link(page, String(page), { 'aria-label': 'Page ' + page }));
      previous = page;
    }
    if (state.page < pages) items.push(link(state.page + 1, 'Next', { rel: 'next' }));
    const list = el('ul', null);
    for (const item of items) list.appendChild(el('li', null, item));
    pager.appendChild(list);
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

  // ---- How the query was read, and the answer card -------------------------------------------

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

  /** Text with its ISO dates ("2013-06-11") shown as the page shows dates elsewhere. */
  function withDates(text) {
    return String(text).split(/\b(\d{4}-(?:0[1-9]|1[0-2])(?:-\d{2})?)\b/)
      .map((part, i) => (i % 2 ? timeEl(part) : part)).filter((part) => part !== '');
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

  async function renderSearch(state, options) {
    showView('search');
    $('q').value = state.q;
    $('sort').value = ['', 'relevance', 'date', '-date'].includes(state.sort) ? state.sort : '';
    lastSearchUrl = pageUrl(state);
    document.title = (state.q ? state.q + ' — ' : '') + 'R2P Focal Points — search';

    const params = searchParams(state);
    const api = new URLSearchParams(params);
    api.set('limit', String(PAGE_SIZE));
    api.set('offset', String((state.page - 1) * PAGE_SIZE));
    const exportParams = new URLSearchParams(params);
    exportParams.set('limit', '0');
    $('csv-link').setAttribute('href', '/export.csv?' + exportParams.toString());

    const filtered = FACETS.some((facet) => state.filters[facet.name].length > 0);
    const mine = ++generation;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const results = $('results');
    results.setAttribute('aria-busy', 'true');
    let answer;
    let facetCounts;
    try {
      [answer, facetCounts] = await Promise.all([
        getJson('/api/search?' + api.toString(), inFlight.signal),
        filtered ? getJson('/api/facets?' + params.toString(), inFlight.signal) : null,
      ]);
    } catch (error) {
      if (error.name === 'AbortError' || mine !== generation) return;
      results.removeAttribute('aria-busy');
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
      return;
    }
    if (mine !== generation) return;
    results.removeAttribute('aria-busy');
    showError('');
    const labels = labelMaps(answer.facets);
    const panelFacets = facetCounts ? facetCounts.facets : answer.facets;
    // Selected values that left the current hits keep their labels from the facet panel.
    for (const [field, values] of Object.entries(labelMaps(panelFacets))) {
      for (const [id, label] of values) if (!labels[field].has(id)) labels[field].set(id, label);
    }

    $('status').textContent = statusText(state, answer);
    const suggestion = $('suggestion');
    clear(suggestion);
    suggestion.hidden = !answer.suggestion;
    if (answer.suggestion) {
      append(suggestion, ['Did you mean ',
        navLink(pageUrl(Object.assign({}, state, { q: answer.suggestion, page: 1 })), answer.suggestion,
          { class: 'suggestion-link' }), '?']);
    }
    renderReading(state, answer);
    renderAnswerCard(state, answer);
    renderActiveFilters(state, labels);
    renderFacets(state, panelFacets, labels);
    renderHistogram(answer.facets);
    const hits = clear($('hits'));
    hits.setAttribute('start', String(answer.offset + 1));
    answer.hits.forEach((hit, i) => hits.appendChild(hitElement(hit, answer.offset + i + 1, labels)));
    if (answer.hits.length === 0) {
      hits.appendChild(el('li', { class: 'no-hits' },
        answer.total === 0 ? 'Nothing matches. Try fewer words or fewer filters.' : 'This page is past the last hit.'));
    }
    renderPager(state, answer.total);

    const focus = options.focus || {};
    if (focus.facet) {
      focusWhere('.facet-value', (node) => node.dataset.facet === focus.facet && node.dataset.value === focus.value);
    } else if (focus.results) {
      $('results-heading').setAttribute('tabindex', '-1');
      $('results-heading').focus();
    }
  }

  function showError(message, offers) {
    const box = clear($('error'));
    box.textContent = message;
    if (offers) box.appendChild(offers);
    box.hidden = !message;
  }

  /**
   * A name that fits several countries or meetings is never guessed: the server lists the
   * candidates, and the page offers each as a link ("Did you mean: … · …"), those with records first.
   */
  function candidateLinks(ambiguous, hrefOf) {
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

  function showView(view) {
    $('search-view').hidden = view !== 'search';
    $('entity-view').hidden = view === 'search';
  }

  // ---- Entity pages --------------------------------------------------------------------------

  function section(title, ...content) {
    const items = content.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);
    if (items.length === 0) return null;
    return el('section', { class: 'entity-section' }, el('h2', null, title), items);
  }

  function textList(values, ordered) {
    if (!values || values.length === 0) return null;
    return el(ordered ? 'ol' : 'ul', null, values.map((value) => el('li', null, value)));
  }

  function labelledLinks(values, href) {
    if (!values || values.length === 0) return null;
    return joinNodes(values.map((v) => (href ? navLink(href(v.id), v.label || v.id) : (v.label || v.id))));
  }

  const countryLinks = (values) => labelledLinks(values, dossierHref);
  const meetingLinks = (values) => labelledLinks(values, dossierHref);
  // Organisation ids are their dossiers' names (and their records' ids).
  const organisationLinks = (values) => labelledLinks(values, dossierHref);
  const regionLinks = (values) => labelledLinks(values, (id) => '/?region=' + encodeURIComponent(id));

  /** A <dl> of [term, description] rows, skipping rows without a description. */
  function facts(rows) {
    const list = el('dl', { class: 'facts' });
    for (const [term, value] of rows) {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      append(list, [el('dt', null, term), el('dd', null, value)]);
    }
    return list.childNodes.length ? list : null;
  }

  function quote(sentence, source) {
    if (!sentence) return null;
    return el('figure', { class: 'quote' }, el('blockquote', null, el('p', null, sentence)),
      source ? el('figcaption', null, source) : null);
  }

  function backLink() {
    return el('p', { class: 'back' }, navLink(lastSearchUrl, '← Back to results'));
  }

  function entityHeader(title, kind, details) {
    return el('header', { class: 'entity-header' },
      el('p', { class: 'entity-kind' }, kind),
      el('h1', { tabindex: '-1', id: 'entity-title' }, title),
      details ? el('p', { class: 'entity-details' }, details) : null);
  }

  function dateRange(record) {
    if (!record.date) return null;
    return record.end_date ? [timeEl(record.date), ' – ', timeEl(record.end_date)] : timeEl(record.date);
  }

  function paragraphs(values) {
    return (values || []).map((text) => el('p', { class: 'record-text' }, text));
  }

  /** Fields of a meeting, recommendation or country record, as --show prints them. */
  function recordSections(record) {
    const out = [];
    if (record.type === 'meeting') {
      const venue = record.venue
        ? [record.venue.city, record.venue.country ? [', ', navLink(dossierHref(record.venue.country.id), record.venue.country.label)] : null]
        : null;
      out.push(facts([
        ['Kind', record.kind],
        ['Date', dateRange(record)],
        ['Venue', venue],
        ['Hosts', joinNodes([countryLinks(record.hosts && record.hosts.countries),
          organisationLinks(record.hosts && record.hosts.organisations)].filter(Boolean), '; ')],
        ['Participation', (record.participation || []).map((p) => p.text).join('; ')],
        ['People', peopleLinks(record.people)],
      ]));
      out.push(section('Highlights', textList(record.highlights)));
      out.push(section('Discussed', textList(record.discussed)));
    } else if (record.type === 'recommendation') {
      out.push(facts([
        ['Date', dateRange(record)],
        ['Drafted by', organisationLinks(record.drafted_by)],
        ['Input from', joinNodes([countryLinks(record.input_from && record.input_from.countries),
          organisationLinks(record.input_from && record.input_from.organisations)].filter(Boolean), '; ')],
      ]));
      out.push(section('Points', textList(record.items, true)));
    } else if (record.type === 'country') {
      out.push(facts([
        ['Country', record.country ? navLink(dossierHref(record.country.id), record.country.label + ' — dossier') : null],
        ['Focal-point status', record.status],
        ['Status date', timeEl(record.status_date)],
      ]));
      out.push(section('Status', quote(record.status_sentence, record.status_source)));
      out.push(section('Involvement', involvementList(record.involvement)));
    } else if (record.type === 'organisation' || record.type === 'person') {
      out.push(facts([
        ['Dossier', navLink(dossierHref(record.id), record.title + ' — dossier')],
        ['Position', record.position],
      ]));
      out.push(section('Involvement', involvementList(record.involvement)));
    }
    const ties = record.ties || {};
    out.push(section('Ties', facts([
      ['Countries', countryLinks(ties.countries)],
      ['Meetings', meetingLinks(ties.meetings)],
      ['Regions', regionLinks(ties.regions)],
      ['Organisations', organisationLinks(ties.organisations)],
    ])));
    out.push(section('Full text', paragraphs(record.text)));
    if (record.source) out.push(el('p', { class: 'source' }, 'Source: ', record.source));
    return out;
  }

  function involvementList(entries) {
    if (!entries || entries.length === 0) return null;
    return el('ol', { class: 'timeline' }, entries.map((entry) => el('li', null,
      el('p', { class: 'timeline-head' },
        entry.date ? timeEl(entry.date) : el('span', { class: 'undated' }, 'Undated'), ' — ',
        el('strong', null, entry.role_label || entry.role),
        entry.meeting ? [' — ', navLink(dossierHref(entry.meeting.id), entry.meeting.label)] : null),
      entry.organisations && entry.organisations.length
        ? el('p', { class: 'timeline-with' }, 'with ', organisationLinks(entry.organisations)) : null,
      quote(entry.sentence, entry.source))));
  }

  /** People named at a meeting: a link to the person's dossier when the corpus has a record. */
  function peopleLinks(people) {
    if (!people || people.length === 0) return null;
    return joinNodes(people.map((p) => [p.id ? navLink(dossierHref(p.id), p.name) : p.name,
      p.role ? ' (' + p.role + ')' : '']), '; ');
  }

  function recordRefs(records) {
    if (!records || records.length === 0) return null;
    return el('ul', { class: 'refs' }, records.map((r) => el('li', null,
      navLink(recordHref(r.id), r.title), ' ',
      el('span', { class: 'badge badge-' + (TYPE_LABELS[r.type] ? r.type : 'other') }, TYPE_LABELS[r.type] || r.type),
      r.date ? [' ', timeEl(r.date)] : null)));
  }

  function renderRecordPage(record) {
    const view = clear($('entity-view'));
    const extra = record.type === 'meeting'
      ? navLink(dossierHref(record.id), 'Meeting page')
      : record.type === 'country' && record.country
        ? navLink(dossierHref(record.country.id), 'Country dossier')
        : record.type === 'organisation' || record.type === 'person'
          ? navLink(dossierHref(record.id), TYPE_LABELS[record.type] + ' dossier') : null;
    append(view, [backLink(),
      entityHeader(record.title, TYPE_LABELS[record.type] || record.type,
        [record.id, record.date ? [' · ', dateRange(record)] : null, extra ? [' · ', extra] : null]),
      recordSections(record)]);
    document.title = record.title + ' — R2P Focal Points';
  }

  function roleRows(roles) {
    if (!roles || roles.length === 0) return null;
    return el('table', { class: 'roles' },
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Country'), el('th', { scope: 'col' }, 'Role'))),
      el('tbody', null, roles.map((role) => el('tr', null,
        el('th', { scope: 'row' }, navLink(dossierHref(role.country.id), role.country.label)),
        el('td', null, role.role_label || role.role)))));
  }

  function renderMeetingPage(page) {
    const view = clear($('entity-view'));
    const meeting = page.meeting;
    append(view, [backLink(),
      entityHeader(meeting.title, 'Meeting page',
        [dateRange(meeting), ' · ', navLink(recordHref(meeting.id), 'Record ' + meeting.id)]),
      facts([['Venue region', regionLinks(page.venue_regions)]]),
      section('Announcements', page.announcements && page.announcements.length
        ? el('ul', { class: 'announcements' }, page.announcements.map((a) => el('li', null,
          navLink(dossierHref(a.country.id), a.country.label), ' ', a.role_label || a.role, quote(a.sentence))))
        : null),
      section('Countries and their roles', roleRows(page.roles)),
      section('Related recommendations', recordRefs(page.recommendations)),
      section('Documents', recordRefs(page.documents)),
      recordSections(meeting)]);
    document.title = meeting.title + ' — R2P Focal Points';
  }

  function renderCountryDossier(dossier) {
    const view = clear($('entity-view'));
    const country = dossier.country;
    const names = el('dl', { class: 'names' });
    for (const [lang, name] of Object.entries(dossier.names || {})) {
      append(names, [el('dt', null, LANGUAGE_NAMES[lang] || lang),
        el('dd', { lang: lang, dir: lang === 'ar' ? 'rtl' : 'auto' }, name)]);
    }
    append(view, [backLink(),
      entityHeader(country.name, 'Country dossier',
        [[country.code, country.alpha3, country.numeric].filter(Boolean).join(' · '),
          dossier.record ? [' · ', navLink(recordHref(dossier.record), 'Record ' + dossier.record)] : null]),
      facts([
        ['Region', regionLinks([dossier.continent, dossier.subregion].filter(Boolean))],
        ['Focal-point status', dossier.status ? dossier.status + (dossier.status_date ? ' (' + formatDate(dossier.status_date) + ')' : '') : 'not stated in the record'],
      ]),
      section('Status', quote(dossier.status_sentence, dossier.status_source)),
      section('Names in the six UN languages', names.childNodes.length ? names : null),
      section('Timeline', involvementList(dossier.timeline)),
      section('Mentioned in', recordRefs(dossier.mentioned_in)),
      el('p', null, navLink('/?country=' + encodeURIComponent(country.code), 'Search every record tied to ' + country.name))]);
    document.title = country.name + ' — R2P Focal Points';
  }

  /** An organisation's or a person's dossier: who, then every role with its meeting and sentence,
   *  who represents the organisation, the countries named with it, the records tied to it. */
  function renderEntityDossier(dossier) {
    const view = clear($('entity-view'));
    const person = dossier.kind === 'person';
    append(view, [backLink(),
      entityHeader(dossier.name, person ? 'Person dossier' : 'Organisation dossier',
        [dossier.id,
          dossier.record ? [' · ', navLink(recordHref(dossier.record), 'Record ' + dossier.record)] : null]),
      facts([
        ['Acronyms', (dossier.acronyms || []).join(', ')],
        ['Other names', (dossier.other_names || []).join('; ')],
        ['Written', person && dossier.written_name !== dossier.name ? dossier.written_name : null],
        ['Position', dossier.position],
        ['Represents', organisationLinks(dossier.organisations)],
        ['People', labelledLinks(dossier.people, dossierHref)],
        ['Countries', countryLinks(dossier.countries)],
      ]),
      section('Timeline', involvementList(dossier.timeline)),
      section('Mentioned in', recordRefs(dossier.mentioned_in))]);
    document.title = dossier.name + ' — R2P Focal Points';
  }

  async function renderEntity(state) {
    showView('entity');
    const view = $('entity-view');
    const mine = ++generation;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    view.setAttribute('aria-busy', 'true');
    try {
      const url = state.view === 'record'
        ? '/api/record/' + encodeURIComponent(state.name)
        : '/api/dossier/' + encodeURIComponent(state.name);
      const data = await getJson(url, inFlight.signal);
      if (mine !== generation) return;
      if (state.view === 'record') renderRecordPage(data);
      else if (data.kind === 'organisation' || data.kind === 'person') renderEntityDossier(data);
      else if (data.kind === 'meeting' || data.meeting) renderMeetingPage(data);
      else renderCountryDossier(data);
    } catch (error) {
      if (error.name === 'AbortError' || mine !== generation) return;
      clear(view);
      append(view, [backLink(), entityHeader(error.status === 404 ? 'Not found' : 'Error', state.view === 'record' ? 'Record' : 'Dossier'),
        el('p', { class: 'error', role: 'alert' }, error.message),
        candidateLinks(error.ambiguous, (c) => dossierHref(c.id))].filter(Boolean));
      document.title = 'Not found — R2P Focal Points';
    }
    view.removeAttribute('aria-busy');
    $('entity-title').focus();
  }

  // ---- Wiring --------------------------------------------------------------------------------

  function render(options) {
    options = options || {};
    const state = readState();
    if (options.scroll) window.scrollTo(0, 0);
    if (state.view === 'search') return renderSearch(state, options);
    return renderEntity(state);
  }

  function start() {
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      navigate(pageUrl(withState({ q: $('q').value.trim(), page: 1 })), { focus: {} });
    });
    $('sort').addEventListener('change', () => {
      navigate(pageUrl(withState({ sort: $('sort').value, page: 1 })), { focus: {} });
    });
    $('filters-toggle').addEventListener('click', () => {
      const open = $('facets').classList.toggle('open');
      $('filters-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    document.addEventListener('click', (event) => {
      const link = event.target.closest ? event.target.closest('a[data-nav]') : null;
      if (!link || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      const pageLink = link.dataset.page !== undefined;
      navigate(link.getAttribute('href'), { focus: pageLink ? { results: true } : {} });
    });
    window.addEventListener('popstate', () => render({}));
    render({});
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
