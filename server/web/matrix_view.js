// The role matrix: one row per country, one column per meeting (or year), each cell the roles the
// record gives the country there, linking to the dossier entry that quotes the sentence.
import { $, append, clear, dossierHref, el, navLink, recordHref } from './dom.js';
import { getJson, navigate, readState, startLoad } from './state.js';
import { setViewLinks, showView } from './views.js';

const STATUSES = [['', 'Any status'], ['appointed', 'Appointed'], ['intention', 'Intention to appoint']];

/** The matrix's API parameters from the page state (columns, region, status, year). */
function matrixParams(state) {
  const params = new URLSearchParams();
  params.set('columns', state.columns);
  for (const field of ['region', 'status', 'year']) for (const value of state.filters[field]) params.append(field, value);
  return params;
}

function matrixUrl(changes) {
  const state = Object.assign(readState(), { view: 'matrix' });
  const params = new URLSearchParams();
  const columns = changes.columns || state.columns;
  if (columns !== 'meeting') params.set('columns', columns);
  for (const field of ['region', 'status', 'year']) {
    const values = field in changes ? (changes[field] ? [changes[field]] : []) : state.filters[field];
    for (const value of values) params.append(field, value);
  }
  const text = params.toString();
  return '/matrix' + (text ? '?' + text : '');
}

function select(id, label, options, value, onChange) {
  const control = el('select', { id: id }, options.map(([v, text]) => el('option', { value: v }, text)));
  control.value = value;
  control.addEventListener('change', () => onChange(control.value));
  return el('span', { class: 'matrix-control' }, el('label', { for: id }, label), ' ', control);
}

function regionInput(state) {
  const input = el('input', {
    id: 'matrix-region', type: 'search', placeholder: 'e.g. Africa, Western Europe',
    autocomplete: 'off', size: 22,
  });
  input.value = state.filters.region[0] || '';
  input.addEventListener('change', () => navigate(matrixUrl({ region: input.value.trim() }), { focus: {} }));
  return el('span', { class: 'matrix-control' }, el('label', { for: 'matrix-region' }, 'Region'), ' ', input);
}

function controls(state) {
  const form = el('form', { class: 'matrix-controls' },
    select('matrix-columns', 'Columns', [['meeting', 'Meetings'], ['year', 'Years']], state.columns,
      (value) => navigate(matrixUrl({ columns: value }), { focus: {} })),
    regionInput(state),
    select('matrix-status', 'Status', STATUSES, state.filters.status[0] || '',
      (value) => navigate(matrixUrl({ status: value }), { focus: {} })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(matrixUrl({ region: $('matrix-region').value.trim() }), { focus: {} });
  });
  return form;
}

function legend(matrix) {
  const used = new Set(matrix.cells.flat(2));
  const entries = (matrix.legend || []).filter((entry) => used.has(entry.role));
  if (entries.length === 0) return null;
  return el('dl', { class: 'matrix-legend', 'aria-label': 'Legend' },
    entries.map((entry) => [el('dt', null, el('abbr', { title: entry.label }, entry.code)), el('dd', null, entry.label)]));
}

function cell(matrix, row, column, roles, labels) {
  if (roles.length === 0) return el('td', { class: 'empty' }, el('span', { class: 'visually-hidden' }, 'not tied'));
  const text = roles.map((role) => (labels.get(role) || { code: role }).code).join(',');
  const title = roles.map((role) => (labels.get(role) || { label: role }).label).join('; ');
  // A role is proved by the dossier entry that quotes it; a mention by the meeting's record.
  const mentionedOnly = roles.every((role) => role === 'mentioned');
  const target = matrix.column_kind !== 'meeting' ? dossierHref(row.id)
    : mentionedOnly ? recordHref(column.id) : dossierHref(row.id) + '#at-' + column.id;
  return el('td', null, navLink(target, text, {
    title: row.label + ', ' + column.label + ': ' + title,
    'aria-label': row.label + ', ' + column.label + ': ' + title,
  }));
}

function table(matrix) {
  const labels = new Map((matrix.legend || []).map((entry) => [entry.role, entry]));
  const head = el('tr', null, el('th', { scope: 'col', class: 'corner' }, 'Country'),
    matrix.columns.map((column) => el('th', { scope: 'col', title: column.label },
      matrix.column_kind === 'meeting' ? navLink(dossierHref(column.id), column.short_label || column.id) : column.label)));
  const body = matrix.rows.map((row, r) => el('tr', null,
    el('th', { scope: 'row' }, navLink(dossierHref(row.id), row.label)),
    matrix.columns.map((column, c) => cell(matrix, row, column, matrix.cells[r][c], labels))));
  return el('div', { class: 'matrix-scroll', tabindex: '0', role: 'region', 'aria-label': 'Role matrix' },
    el('table', { class: 'matrix' }, el('thead', null, head), el('tbody', null, body)));
}

export async function renderMatrix(state) {
  showView('matrix');
  const view = clear($('matrix-view'));
  const params = matrixParams(state);
  setViewLinks('/api/matrix?' + params.toString(), '/export/matrix.csv?' + params.toString());
  document.title = 'Role matrix — R2P Focal Points';
  append(view, [el('h1', { tabindex: '-1', id: 'matrix-title' }, 'Roles by country and ' + state.columns), controls(state)]);
  const load = startLoad();
  const status = el('p', { class: 'status', role: 'status' }, 'Loading…');
  view.appendChild(status);
  try {
    const matrix = await getJson('/api/matrix?' + params.toString(), load.signal);
    if (!load.current()) return;
    status.textContent = matrix.rows.length + ' countries × ' + matrix.columns.length + ' ' + state.columns + 's';
    append(view, [legend(matrix), matrix.rows.length && matrix.columns.length ? table(matrix) : el('p', null, 'No country has a role here.')]);
  } catch (error) {
    if (error.name === 'AbortError' || !load.current()) return;
    status.textContent = '';
    view.appendChild(el('p', { class: 'error', role: 'alert' }, error.message));
  }
}
