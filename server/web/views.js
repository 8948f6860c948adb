// Which view shows (search, an entity page, the matrix) and the links to the current view's data.
import { $ } from './dom.js';

export function showView(view) {
  $('search-view').hidden = view !== 'search';
  $('entity-view').hidden = view !== 'entity';
  $('matrix-view').hidden = view !== 'matrix';
}

/** Points "this view as JSON / CSV" (toolbar and footer) at what is on screen; no CSV link when
 *  the view has no CSV form. */
export function setViewLinks(jsonHref, csvHref) {
  $('json-link').setAttribute('href', jsonHref);
  $('api-link').setAttribute('href', jsonHref);
  $('api-link').textContent = jsonHref;
  const csv = $('csv-link');
  csv.hidden = !csvHref;
  if (csvHref) csv.setAttribute('href', csvHref);
}
