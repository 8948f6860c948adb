// The hits per year as bars: a bar is a year filter (click or Enter), a drag across bars a range
// ("year=2011..2012" in the URL).
import { $, clear, el, plural, svg } from './dom.js';
import { NO_YEAR, navigate, pageUrl, readState } from './state.js';

const BAR_WIDTH = 34;
const GAP = 8;
const CHART_HEIGHT = 80;

/** The state with its year filter replaced by `years` ("2013" or "2011..2012"), or removed. */
function yearUrl(years) {
  const state = readState();
  state.filters.year = years ? [years] : [];
  state.page = 1;
  return pageUrl(state);
}

/** Years the year filters of the URL select, as [first, last] pairs (open ends unbounded). */
function selectedRanges() {
  return readState().filters.year.map((value) => {
    const [from, to] = value.includes('..') ? value.split('..') : [value, value];
    return [from === '' ? -Infinity : Number(from), to === '' ? Infinity : Number(to)];
  });
}

function barGroup(year, count, max, index, selected) {
  const barHeight = count === 0 ? 0 : Math.max(2, Math.round((count / max) * (CHART_HEIGHT - 14)));
  const x = GAP + index * (BAR_WIDTH + GAP);
  const y = CHART_HEIGHT - barHeight;
  const text = year + ': ' + plural(count, 'hit', 'hits');
  const bar = svg('g', {
    class: 'bar' + (selected ? ' selected' : ''), role: 'button', tabindex: '0',
    'aria-pressed': selected ? 'true' : 'false', 'aria-label': text + (selected ? '' : '; show only ' + year),
  },
  svg('title', null, text),
  svg('rect', { x: x, y: 0, width: BAR_WIDTH, height: CHART_HEIGHT + 20, class: 'bar-hit' }),
  svg('rect', { x: x, y: y, width: BAR_WIDTH, height: barHeight, rx: 2, class: 'bar-fill' }),
  svg('text', { x: x + BAR_WIDTH / 2, y: y - 3, 'text-anchor': 'middle', class: 'bar-count' }, count ? String(count) : ''),
  svg('text', { x: x + BAR_WIDTH / 2, y: CHART_HEIGHT + 16, 'text-anchor': 'middle', class: 'bar-year' }, String(year)));
  bar.dataset.year = String(year);
  return bar;
}

/** Click a bar for its year (again to remove it); press on one bar and release on another for
 *  the range between them. */
function addBrush(chart) {
  let from = null;
  const yearAt = (event) => {
    const bar = event.target.closest ? event.target.closest('g.bar') : null;
    return bar ? Number(bar.dataset.year) : null;
  };
  const mark = (to) => {
    for (const bar of chart.querySelectorAll('g.bar')) {
      const year = Number(bar.dataset.year);
      bar.classList.toggle('brushing', from !== null && to !== null &&
        year >= Math.min(from, to) && year <= Math.max(from, to));
    }
  };
  chart.addEventListener('pointerdown', (event) => {
    from = yearAt(event);
    if (from !== null) chart.setPointerCapture(event.pointerId);
    mark(from);
  });
  chart.addEventListener('pointermove', (event) => {
    if (from === null) return;
    const target = document.elementFromPoint(event.clientX, event.clientY);
    const bar = target && target.closest ? target.closest('g.bar') : null;
    if (bar) mark(Number(bar.dataset.year));
  });
  chart.addEventListener('pointerup', (event) => {
    if (from === null) return;
    const target = document.elementFromPoint(event.clientX, event.clientY);
    const bar = target && target.closest ? target.closest('g.bar') : null;
    const to = bar ? Number(bar.dataset.year) : from;
    const start = from;
    from = null;
    mark(null);
    if (start === to) toggleYear(to);
    else navigate(yearUrl(Math.min(start, to) + '..' + Math.max(start, to)), { focus: { results: true } });
  });
  chart.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const year = yearAt(event);
    if (year === null) return;
    event.preventDefault();
    toggleYear(year);
  });
}

/** Whether `year` (a year, or NO_YEAR) is the one year filter of the URL. */
function onlyYear(year) {
  const only = readState().filters.year;
  return only.length === 1 && only[0] === String(year);
}

function toggleYear(year) {
  navigate(yearUrl(onlyYear(year) ? null : String(year)), { focus: { results: true } });
}

/** The button of the hits with no year at all (no date, no dated involvement): a year filter
 *  of its own ("year=none"). */
function noYearButton(count) {
  const selected = onlyYear(NO_YEAR);
  const button = el('button', {
    type: 'button', class: 'no-year', 'aria-pressed': selected ? 'true' : 'false',
    title: 'Records with no date and no dated involvement',
  }, 'No year: ' + plural(count, 'hit', 'hits'));
  button.addEventListener('click', () => toggleYear(NO_YEAR));
  return button;
}

/** Bars of the current hits per year, every year between the first and the last shown, and the
 *  hits with no year; a note when they add up to more than the hits (a record involved in
 *  several years counts in each). */
export function renderHistogram(facets, total) {
  const figure = $('histogram');
  const box = clear($('histogram-bars'));
  const counts = new Map();
  let noYear = 0;
  for (const value of (facets && facets.year) || []) {
    if (value.value === NO_YEAR) noYear = value.count;
    else counts.set(Number(value.value), value.count);
  }
  const years = [...counts.keys()].filter((year) => Number.isFinite(year));
  figure.hidden = years.length === 0 && noYear === 0;
  if (years.length > 0) box.appendChild(yearChart(years, counts));
  if (noYear > 0) box.appendChild(noYearButton(noYear));
  const sum = [...counts.values()].reduce((a, b) => a + b, noYear);
  if (sum > total) {
    box.appendChild(el('p', { class: 'histogram-note' },
      'The bars add up to more than the ' + plural(total, 'hit', 'hits') +
      ': a record tied to several years (a country involved over time) counts in each.'));
  }
}

function yearChart(years, counts) {
  const first = Math.min(...years);
  const last = Math.max(...years);
  const max = Math.max(...counts.values());
  const width = (last - first + 1) * (BAR_WIDTH + GAP) + GAP;
  const height = CHART_HEIGHT + 36;
  const ranges = selectedRanges();
  const parts = [];
  for (let year = first; year <= last; ++year) parts.push(year + ': ' + plural(counts.get(year) || 0, 'hit', 'hits'));
  const chart = svg('svg', {
    viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'group',
    'aria-label': 'Hits by year: ' + parts.join('; '), class: 'histogram-svg',
  });
  for (let year = first, i = 0; year <= last; ++year, ++i) {
    const selected = ranges.some(([from, to]) => year >= from && year <= to);
    chart.appendChild(barGroup(year, counts.get(year) || 0, max, i, selected));
  }
  addBrush(chart);
  return chart;
}
