// r2p-kb web page: the wiring. The URL is the whole state (state.js); each view draws itself from
// it: the search (search_view.js), entity pages (entity_pages.js) and the role matrix
// (matrix_view.js).
import { $ } from './dom.js';
import { renderEntity } from './entity_pages.js';
import { renderMatrix } from './matrix_view.js';
import { renderSearch } from './search_view.js';
import { navigate, pageUrl, readState, replace, setRenderer, withState } from './state.js';

/** How long typing pauses before the hits follow it. */
const TYPING_PAUSE_MS = 300;

function render(options) {
  options = options || {};
  const state = readState();
  if (options.scroll) window.scrollTo(0, 0);
  if (state.view === 'search') return renderSearch(state, options);
  if (state.view === 'matrix') return renderMatrix(state);
  return renderEntity(state);
}

/** Search as you type: after a pause the hits follow the box. The first pause of a spell of
 *  typing makes a history entry and the next ones refine it, so Back returns to the page before
 *  the typing; Enter shows the box's search at once. A newer request cancels an older one
 *  (state.js startLoad). */
function followTyping() {
  let timer = null;
  let typedUrl = null;  // the URL the last pause of typing showed
  const here = () => window.location.pathname + window.location.search;
  const show = (fromTyping) => {
    const url = pageUrl(withState({ q: $('q').value.trim(), page: 1 }));
    if (url === here() && (fromTyping || typedUrl === url)) {
      typedUrl = fromTyping ? url : null;
      return;
    }
    if (fromTyping && typedUrl !== null && typedUrl === here()) replace(url, { focus: {} });
    else navigate(url, { focus: {} });
    typedUrl = fromTyping ? url : null;
  };
  $('q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => show(true), TYPING_PAUSE_MS);
  });
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    show(false);
  });
}

/** Links marked data-nav load their view in the page (plain clicks only). */
function followLinks() {
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a[data-nav]') : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const pageLink = link.dataset.page !== undefined;
    navigate(link.getAttribute('href'), { focus: pageLink ? { results: true } : {} });
  });
}

function start() {
  setRenderer(render);
  followTyping();
  followLinks();
  $('sort').addEventListener('change', () => {
    navigate(pageUrl(withState({ sort: $('sort').value, page: 1 })), { focus: {} });
  });
  $('per-page').addEventListener('change', () => {
    navigate(pageUrl(withState({ perPage: Number($('per-page').value), page: 1 })), { focus: {} });
  });
  $('filters-toggle').addEventListener('click', () => {
    const open = $('facets').classList.toggle('open');
    $('filters-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  window.addEventListener('popstate', () => render({}));
  render({});
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
