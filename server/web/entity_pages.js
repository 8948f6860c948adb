// Entity pages: a record, a meeting page, and the dossiers of a country, an organisation and a
// person. Each puts its key facts first and the full text last, collapsed.
import {
  $, append, clear, dossierHref, el, formatDate, joinNodes, navLink, recordHref, timeEl,
} from './dom.js';
import { TYPE_LABELS, getJson, startLoad } from './state.js';
import { candidateLinks, lastSearch } from './search_view.js';
import { setViewLinks, showView } from './views.js';

const LANGUAGE_NAMES = {
  ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish',
};

function section(title, ...content) {
  const items = content.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);
  if (items.length === 0) return null;
  return el('section', { class: 'entity-section' }, el('h2', null, title), items);
}

/** The record's full text: collapsed on a meeting page, whose sections above give its facts;
 *  open on the record's own page. */
function fullText(record, open) {
  const paragraphs = (record.text || []).map((text) => el('p', { class: 'record-text' }, text));
  if (paragraphs.length === 0) return null;
  return el('details', { class: 'full-text', open: Boolean(open) }, el('summary', null, 'Full text'), paragraphs,
    record.source ? el('p', { class: 'source' }, 'Source: ', record.source) : null);
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
  return el('p', { class: 'back' }, navLink(lastSearch(), '← Back to results'));
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

function hostLinks(hosts) {
  return joinNodes([countryLinks(hosts && hosts.countries),
    organisationLinks(hosts && hosts.organisations)].filter(Boolean), '; ');
}

/** People named at a meeting: a link to the person's dossier when the corpus has a record. */
function peopleLinks(people) {
  if (!people || people.length === 0) return null;
  return joinNodes(people.map((p) => [p.id ? navLink(dossierHref(p.id), p.name) : p.name,
    p.role ? ' (' + p.role + ')' : '']), '; ');
}

function meetingFacts(meeting, venueRegions) {
  const venue = meeting.venue
    ? [meeting.venue.city, meeting.venue.country
      ? [', ', navLink(dossierHref(meeting.venue.country.id), meeting.venue.country.label)] : null]
    : null;
  return facts([
    ['When', dateRange(meeting)],
    ['Where', venue],
    ['Venue region', regionLinks(venueRegions)],
    ['Kind', meeting.kind],
    ['Hosts', hostLinks(meeting.hosts)],
    ['Participation', (meeting.participation || []).map((p) => p.text).join('; ')],
    ['People', peopleLinks(meeting.people)],
  ]);
}

function tiesSection(record) {
  const ties = record.ties || {};
  return section('Ties', facts([
    ['Countries', countryLinks(ties.countries)],
    ['Meetings', meetingLinks(ties.meetings)],
    ['Regions', regionLinks(ties.regions)],
    ['Organisations', organisationLinks(ties.organisations)],
  ]));
}

/** Each timeline entry is an anchor "at-MEETING" (the first of its meeting), which the matrix's
 *  cells link to. */
function involvementList(entries) {
  if (!entries || entries.length === 0) return null;
  const anchored = new Set();
  return el('ol', { class: 'timeline' }, entries.map((entry) => {
    const meeting = entry.meeting ? entry.meeting.id : null;
    const id = meeting && !anchored.has(meeting) ? 'at-' + meeting : null;
    if (id) anchored.add(meeting);
    return el('li', { id: id },
      el('p', { class: 'timeline-head' },
        entry.date ? timeEl(entry.date) : el('span', { class: 'undated' }, 'Undated'), ' — ',
        el('strong', null, entry.role_label || entry.role),
        entry.meeting ? [' — ', navLink(dossierHref(entry.meeting.id), entry.meeting.label)] : null),
      entry.organisations && entry.organisations.length
        ? el('p', { class: 'timeline-with' }, 'with ', organisationLinks(entry.organisations)) : null,
      quote(entry.sentence, entry.source));
  }));
}

function recordRefs(records) {
  if (!records || records.length === 0) return null;
  return el('ul', { class: 'refs' }, records.map((r) => el('li', null,
    navLink(recordHref(r.id), r.title), ' ',
    el('span', { class: 'badge badge-' + (TYPE_LABELS[r.type] ? r.type : 'other') }, TYPE_LABELS[r.type] || r.type),
    r.date ? [' ', timeEl(r.date)] : null)));
}

/** Fields of a record of any type, as --show prints them, key facts first. */
function recordSections(record) {
  const out = [];
  if (record.type === 'meeting') {
    out.push(meetingFacts(record, null));
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
  out.push(tiesSection(record));
  out.push(fullText(record, true));
  return out;
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

/** Announcements grouped by sentence: each sentence once, with what it says of which countries. */
function announcementList(announcements) {
  if (!announcements || announcements.length === 0) return null;
  const bySentence = new Map();
  for (const a of announcements) {
    if (!bySentence.has(a.sentence)) bySentence.set(a.sentence, new Map());
    const roles = bySentence.get(a.sentence);
    const label = a.role_label || a.role;
    if (!roles.has(label)) roles.set(label, []);
    roles.get(label).push(a.country);
  }
  return el('ul', { class: 'announcements' }, [...bySentence].map(([sentence, roles]) => el('li', null,
    el('p', { class: 'announcement-who' }, joinNodes([...roles].map(([label, countries]) =>
      [joinNodes(countries.map((c) => navLink(dossierHref(c.id), c.label))), ' ', label]), '; ')),
    quote(sentence))));
}

function renderMeetingPage(page) {
  const view = clear($('entity-view'));
  const meeting = page.meeting;
  const announced = new Set((page.announcements || []).map((a) => a.sentence));
  const discussed = (meeting.discussed || []).filter((sentence) => !announced.has(sentence));
  append(view, [backLink(),
    entityHeader(meeting.title, 'Meeting page', navLink(recordHref(meeting.id), 'Record ' + meeting.id)),
    meetingFacts(meeting, page.venue_regions),
    section('Highlights', textList(meeting.highlights)),
    section('Discussed', textList(discussed)),
    section('Announcements', announcementList(page.announcements)),
    section('Countries and their roles', roleRows(page.roles)),
    section('Related recommendations', recordRefs(page.recommendations)),
    section('Documents', recordRefs(page.documents)),
    tiesSection(meeting),
    fullText(meeting)]);
  document.title = meeting.title + ' — R2P Focal Points';
}

/** The country's name in the six UN languages, one row each, every name in its own direction. */
function namesTable(names) {
  const rows = Object.entries(names || {}).map(([lang, name]) => el('tr', null,
    el('th', { scope: 'row' }, LANGUAGE_NAMES[lang] || lang),
    el('td', { lang: lang, dir: 'auto' }, name)));
  return rows.length ? el('table', { class: 'names' }, el('tbody', null, rows)) : null;
}

function countryStatus(dossier) {
  if (!dossier.status) return 'not stated in the record';
  return dossier.status + (dossier.status_date ? ' (' + formatDate(dossier.status_date) + ')' : '');
}

function renderCountryDossier(dossier) {
  const view = clear($('entity-view'));
  const country = dossier.country;
  append(view, [backLink(),
    entityHeader(country.name, 'Country dossier',
      [[country.code, country.alpha3, country.numeric].filter(Boolean).join(' · '),
        dossier.record ? [' · ', navLink(recordHref(dossier.record), 'Record ' + dossier.record)] : null]),
    facts([
      ['Focal-point status', countryStatus(dossier)],
      ['Region', regionLinks([dossier.continent, dossier.subregion].filter(Boolean))],
    ]),
    section('Status', quote(dossier.status_sentence, dossier.status_source)),
    section('Timeline', involvementList(dossier.timeline)),
    section('Mentioned in', recordRefs(dossier.mentioned_in)),
    section('Names in the six UN languages', namesTable(dossier.names)),
    el('p', null, navLink('/?country=' + encodeURIComponent(country.code), 'Search every record tied to ' + country.name))]);
  document.title = country.name + ' — R2P Focal Points';
}

/** An organisation's or a person's dossier in the country dossier's shape: who (position, whom
 *  they represent, acronyms), then every role with its meeting and sentence, the records tied to
 *  it, and last the other ways the page writes the name. */
function renderEntityDossier(dossier) {
  const view = clear($('entity-view'));
  const person = dossier.kind === 'person';
  append(view, [backLink(),
    entityHeader(dossier.name, person ? 'Person dossier' : 'Organisation dossier',
      [dossier.id,
        dossier.record ? [' · ', navLink(recordHref(dossier.record), 'Record ' + dossier.record)] : null]),
    facts([
      ['Position', dossier.position],
      ['Represents', organisationLinks(dossier.organisations)],
      ['Acronyms', (dossier.acronyms || []).join(', ')],
      ['People', labelledLinks(dossier.people, dossierHref)],
      ['Countries', countryLinks(dossier.countries)],
    ]),
    section('Timeline', involvementList(dossier.timeline)),
    section('Mentioned in', recordRefs(dossier.mentioned_in)),
    section('Other names', facts([
      ['Written', person && dossier.written_name !== dossier.name ? dossier.written_name : null],
      ['Also called', (dossier.other_names || []).join('; ')],
    ]))]);
  document.title = dossier.name + ' — R2P Focal Points';
}

function renderEntityError(state, error) {
  const view = clear($('entity-view'));
  append(view, [backLink(), entityHeader(error.status === 404 ? 'Not found' : 'Error', state.view === 'record' ? 'Record' : 'Dossier'),
    el('p', { class: 'error', role: 'alert' }, error.message),
    candidateLinks(error.ambiguous, (c) => dossierHref(c.id))].filter(Boolean));
  document.title = 'Not found — R2P Focal Points';
}

/** Scrolls to the URL's fragment (a timeline entry the matrix links to), once drawn. */
function showFragment() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target) target.scrollIntoView();
  return Boolean(target);
}

export async function renderEntity(state) {
  showView('entity');
  const view = $('entity-view');
  const load = startLoad();
  view.setAttribute('aria-busy', 'true');
  const url = (state.view === 'record' ? '/api/record/' : '/api/dossier/') + encodeURIComponent(state.name);
  setViewLinks(url, null);
  try {
    const data = await getJson(url, load.signal);
    if (!load.current()) return;
    if (state.view === 'record') renderRecordPage(data);
    else if (data.kind === 'organisation' || data.kind === 'person') renderEntityDossier(data);
    else if (data.kind === 'meeting' || data.meeting) renderMeetingPage(data);
    else renderCountryDossier(data);
  } catch (error) {
    if (error.name === 'AbortError' || !load.current()) return;
    renderEntityError(state, error);
  }
  view.removeAttribute('aria-busy');
  if (!showFragment()) $('entity-title').focus();
}
