// The page's whole state lives in the URL: the view (search, record, dossier, matrix), the query,
// the filters, the sort, the page and the page size. Reading it back gives the same page.

/** The year facet's value (and filter) of records with no year (core/schema.h kNoYearValue). */
export const NO_YEAR = 'none';
export const FILTERS = ['type', 'year', 'region', 'meeting', 'country', 'organisation', 'status'];
export const FILTER_TITLES = {
  type: 'Type', year: 'Year', region: 'Region', meeting: 'Meeting', country: 'Country',
  organisation: 'Organisation', status: 'Status',
};
export const TYPE_LABELS = {
  meeting: 'Meeting',
  recommendation: 'Recommendation',
  country: 'Country',
  document: 'Document',
  organisation: 'Organisation',
  person: 'Person',
};
/** Hits per page the page offers; the first is the default. */
export const PAGE_SIZES = [10, 25, 50, 100];

let renderer = () => {};

/** The function that draws the page for the current URL (set once at start-up). */
export function setRenderer(render) {
  renderer = render;
}

function pathView(pathname) {
  if (pathname === '/matrix') return { view: 'matrix', name: '' };
  for (const view of ['record', 'dossier']) {
    const prefix = '/' + view + '/';
    if (pathname.startsWith(prefix) && pathname.length > prefix.length) {
      let name = pathname.slice(prefix.length);
      try {
        name = decodeURIComponent(name);
      } catch (e) {
        // kept as typed
      }
      return { view: view, name: name };
    }
  }
  return { view: 'search', name: '' };
}

export function readState() {
  const url = new URL(window.location.href);
  const params = url.searchParams;
  const perPage = parseInt(params.get('per_page') || '', 10);
  const state = Object.assign(pathView(url.pathname), {
    q: params.get('q') || '',
    sort: params.get('sort') === 'relevance' ? '' : params.get('sort') || '',
    page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1),
    perPage: PAGE_SIZES.includes(perPage) ? perPage : PAGE_SIZES[0],
    columns: params.get('columns') === 'year' ? 'year' : 'meeting',
    filters: {},
  });
  for (const field of FILTERS) state.filters[field] = params.getAll(field).filter((v) => v !== '');
  return state;
}

/** The search part of a state as API parameters (no paging). */
export function searchParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.append('q', state.q);
  for (const field of FILTERS) for (const value of state.filters[field]) params.append(field, value);
  if (state.sort) params.set('sort', state.sort);
  return params;
}

/** The URL of a search state. */
export function pageUrl(state) {
  const params = searchParams(state);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.perPage !== PAGE_SIZES[0]) params.set('per_page', String(state.perPage));
  const text = params.toString();
  return '/' + (text ? '?' + text : '');
}

/** The API parameters of the hits a search state shows (its page of them). */
export function hitParams(state) {
  const api = searchParams(state);
  api.set('limit', String(state.perPage));
  api.set('offset', String((state.page - 1) * state.perPage));
  return api;
}

/** The current search state with `changes`; from an entity page, a fresh search. */
export function withState(changes) {
  const state = readState();
  if (state.view !== 'search') {
    state.view = 'search';
    state.q = ''; state.sort = ''; state.page = 1;
    for (const field of FILTERS) state.filters[field] = [];
  }
  return Object.assign(state, changes);
}

/** A new history entry for `url`, drawn. */
export function navigate(url, options) {
  window.history.pushState(null, '', url);
  renderer(Object.assign({ scroll: true }, options || {}));
}

/** The current history entry changed in place to `url` (typing refines one search), drawn. */
export function replace(url, options) {
  window.history.replaceState(null, '', url);
  renderer(options || {});
}

/** An API answer as JSON; an answer other than 2xx throws an Error with the API's message, its
 *  status, and the candidates of an ambiguous name. */
export async function getJson(url, signal) {
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

let generation = 0;
let inFlight = null;

/** Starts a new load, cancelling the one before: returns its signal and a test of whether it is
 *  still the latest (an answer that comes after a newer request is dropped). */
export function startLoad() {
  const mine = ++generation;
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  return { signal: inFlight.signal, current: () => mine === generation };
}
