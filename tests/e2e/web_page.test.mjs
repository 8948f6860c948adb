// End-to-end test of the r2p-search --serve page in Debian's headless Chromium (playwright-core,
// no downloaded browser): search, disjunctive facets, URL state and history, entity pages, and
// a hostile corpus record and query that must show as text and never run.
//
// Usage: node web_page.test.mjs --r2p-index BIN --r2p-search BIN --corpus DIR
//                               [--chromium /usr/bin/chromium] [--out DIR]
// Prints one line per check ("ok - …" or "FAIL: …") and "N passed, N failed"; exits 1 on failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const options = { chromium: '/usr/bin/chromium', out: '.' };
for (let i = 2; i < process.argv.length; i += 2) {
  options[process.argv[i].replace(/^--/, '').replace(/-([a-z])/g, (m, c) => c.toUpperCase())] =
    process.argv[i + 1];
}
for (const required of ['r2pIndex', 'r2pSearch', 'corpus']) {
  if (!options[required]) {
    console.error('usage: node web_page.test.mjs --r2p-index BIN --r2p-search BIN --corpus DIR ' +
      '[--chromium PATH] [--out DIR]');
    process.exit(2);
  }
}

let passed = 0;
let failed = 0;
function check(condition, what, detail) {
  if (condition) {
    passed += 1;
    console.log('ok - ' + what);
  } else {
    failed += 1;
    console.log('FAIL: ' + what + (detail === undefined ? '' : ' (got ' + JSON.stringify(detail) + ')'));
  }
}

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const HOSTILE_ID = 'rec-hostile-markup';
// A recommendation record valid per corpus/README.md, with markup in every free-text field.
const HOSTILE_RECORD = {
  id: HOSTILE_ID,
  type: 'recommendation',
  title: 'Hostile title ' + SCRIPT + ' and ' + IMG,
  date: '2013-06',
  items: ['Item ' + SCRIPT, 'Item ' + IMG],
  drafted_by: [],
  input_from: { countries: [], organisations: [] },
  meetings: ['accra-2013'],
  region: [],
  countries: ['Ghana'],
  text: ['Zanzibarian paragraph ' + SCRIPT + ' then ' + IMG + ' and <b>bold</b> &amp; it\'s "quoted".'],
  source: { document: 'source/000_c9c0ac7059b5c83d.txt', paragraphs: [13] },
};
const HOSTILE_QUERY = SCRIPT + ' ' + IMG;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'r2p-e2e-'));
const corpus = path.join(tmp, 'corpus');
const db = path.join(tmp, 'db');
let server = null;
let browser = null;

function cli(args) {
  const run = spawnSync(options.r2pSearch, ['--db', db, ...args], { encoding: 'utf8' });
  return run.stdout;
}

async function startServer() {
  server = spawn(options.r2pSearch, ['--db', db, '--serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no URL from --serve within 20 s: ' + output)), 20000);
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    server.on('exit', (code) => reject(new Error('r2p-search --serve exited ' + code + ': ' + output)));
  });
}

async function main() {
  fs.cpSync(options.corpus, corpus, { recursive: true });
  fs.writeFileSync(path.join(corpus, 'zz-hostile.jsonl'), JSON.stringify(HOSTILE_RECORD) + '\n');
  const indexed = spawnSync(options.r2pIndex, ['--corpus', corpus, '--db', db, '--quiet'], { encoding: 'utf8' });
  if (indexed.status !== 0) throw new Error('r2p-index failed: ' + indexed.stderr);
  fs.mkdirSync(options.out, { recursive: true });

  const base = await startServer();
  console.log('# serving at ' + base);

  // The API answers byte for byte what the CLI prints.
  for (const [api, args] of [
    ['api/search?q=Accra', ['--format', 'json', 'Accra']],
    ['api/search?q=Accra&region=Africa&year=2013', ['--format', 'json', '--region', 'Africa', '--year', '2013', 'Accra']],
    ['api/record/' + HOSTILE_ID, ['--show', HOSTILE_ID, '--format', 'json']],
    ['api/dossier/Ghana', ['--dossier', 'Ghana', '--format', 'json']],
    ['api/dossier/KAIPTC', ['--dossier', 'KAIPTC', '--format', 'json']],
    ['api/dossier/Adama%20Dieng', ['--dossier', 'Adama Dieng', '--format', 'json']],
  ]) {
    const body = await (await fetch(base + api)).text();
    check(body === cli(args), '/' + api + ' equals r2p-search ' + args.join(' '));
  }

  browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  const pageErrors = [];
  const consoleErrors = [];
  const external = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) external.push(request.url());
  });

  const status = () => page.locator('#status').textContent();
  // The status of a finished search: a view still loading keeps the previous status line,
  // which may match the pattern too (the search before a filter was added).
  const waitStatus = (pattern) => page.waitForFunction(
    (source) => !document.getElementById('results').hasAttribute('aria-busy') &&
      new RegExp(source).test(document.getElementById('status').textContent),
    pattern.source, { timeout: 10000 });
  const pressed = (facet, label) => page.locator(
    `#facet-panels button.facet-value[data-facet="${facet}"]`, { hasText: label }).first();
  const waitPressed = (facet, label, state) => page.waitForFunction(
    ([f, l, s]) => [...document.querySelectorAll('#facet-panels button.facet-value')].some(
      (b) => b.dataset.facet === f && b.querySelector('.facet-label').textContent === l &&
        b.getAttribute('aria-pressed') === s), [facet, label, state], { timeout: 10000 });

  // --- Search "Accra": the Accra meeting comes first ------------------------------------------
  const first = await page.goto(base);
  check(first.headers()['content-security-policy'] === "default-src 'none'; script-src 'self'; " +
    "style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'none'" && first.headers()['x-content-type-options'] === 'nosniff',
  'the page carries the Content-Security-Policy and nosniff headers');
  await waitStatus(/records in all/);
  await page.fill('#q', 'Accra');
  await page.press('#q', 'Enter');
  await waitStatus(/match(es)? “Accra”/);
  check(new URL(page.url()).searchParams.get('q') === 'Accra', 'the URL carries q=Accra', page.url());
  const accra = await (await fetch(base + 'api/search?q=Accra&limit=10')).json();
  check((await status()).startsWith(accra.total + ' records'), 'the result count is the API total', await status());
  const firstLink = page.locator('#hits li.hit').first().locator('h3 a');
  check(await firstLink.getAttribute('href') === '/record/accra-2013', 'the Accra meeting is the first hit',
    await firstLink.getAttribute('href'));
  check((await page.locator('#hits li.hit').first().locator('.snippet mark').first().textContent()) === 'Accra',
    'the snippet highlights Accra in a <mark>');
  check(await page.locator('#hits li.hit').first().locator('.badge').textContent() === 'Meeting',
    'the hit shows its type');
  check(await page.locator('#histogram svg[role="group"] g.bar[role="button"]').count() > 0, 'a year histogram of the hits is shown, its bars buttons');

  // --- Facets: Africa, then 2013; several values of one facet at once --------------------------
  const regionsBefore = await page.locator('#facet-panels button[data-facet="region"]').count();
  await pressed('region', 'Africa').click();
  await page.waitForURL(/region=Africa/);
  await waitPressed('region', 'Africa', 'true');
  check(await pressed('region', 'Africa').getAttribute('aria-pressed') === 'true', 'the Africa button is pressed');
  check(await page.locator('#facet-panels button[data-facet="region"]').count() === regionsBefore,
    'the other region values stay visible while the region is filtered');
  check(await page.evaluate(() => document.activeElement && document.activeElement.dataset.facet === 'region'),
    'focus stays on the facet button after the page updates');
  await pressed('year', '2013').click();
  await page.waitForURL(/year=2013/);
  await waitPressed('year', '2013', 'true');
  const url = new URL(page.url());
  check(url.searchParams.get('q') === 'Accra' && url.searchParams.get('region') === 'Africa' &&
    url.searchParams.get('year') === '2013', 'the URL carries q, region and year', page.url());
  const filtered = await (await fetch(base + 'api/search?q=Accra&region=Africa&year=2013')).json();
  await waitStatus(new RegExp('^' + filtered.total + ' record'));
  check((await status()).startsWith(filtered.total + ' record'), 'the count updates to the filtered total', await status());
  check(await page.locator('#hits li.hit').count() === Math.min(filtered.total, 10), 'the hits update');
  const facets = (await (await fetch(base + 'api/facets?q=Accra&region=Africa&year=2013')).json()).facets;
  for (const value of facets.region) {
    const button = page.locator('button[data-facet="region"]').filter({ hasText: value.label }).first();
    const count = await button.locator('.facet-count').textContent();
    check(count.startsWith(String(value.count)), `region ${value.label} shows its disjunctive count ${value.count}`, count);
  }
  for (const value of facets.type) {
    const button = page.locator('button[data-facet="type"]').filter({ hasText: value.label }).first();
    const count = await button.locator('.facet-count').textContent();
    check(count.startsWith(String(value.count)), `type ${value.label} shows count ${value.count}`, count);
  }
  check(await page.locator('#active-filters .chip').count() >= 2, 'the active filters are listed as removable chips');
  await page.screenshot({ path: path.join(options.out, 'web-page.png'), fullPage: true });

  // --- Keyboard: a facet value toggles with the keyboard and keeps focus -----------------------
  await pressed('year', '2013').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.searchParams.has('year'));
  check(await page.evaluate(() => document.activeElement && document.activeElement.dataset.facet === 'year'),
    'Enter on a focused facet button removes the filter and keeps focus on it');
  await page.goBack();
  await page.waitForURL(/year=2013/);
  await waitPressed('year', '2013', 'true');
  check(await pressed('year', '2013').getAttribute('aria-pressed') === 'true', 'back restores the year filter');

  // --- A hit's country link opens the dossier; back returns to the same results ----------------
  const filteredUrl = page.url();
  await page.locator('#hits a.country-link', { hasText: 'Ghana' }).first().click();
  await page.waitForURL(/\/dossier\/GH$/);
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check(await page.locator('#entity-view h1').textContent() === 'Ghana', 'the Ghana dossier opens from a hit');
  check(await page.locator('#entity-view .timeline li').count() > 0, 'the dossier shows its timeline');
  check(!(await page.locator('#search-view').isVisible()), 'the search view is hidden on an entity page');
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'entity-title'),
    'focus moves to the entity page heading');
  check(await page.locator('#entity-view table.names td[lang="ar"][dir="auto"]').count() === 1, 'names carry their language and their own direction');
  check(await page.evaluate(() => {
    const timeline = document.querySelector('#entity-view .timeline');
    const names = document.querySelector('#entity-view table.names');
    return timeline && names && (timeline.compareDocumentPosition(names) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  }), 'the dossier puts the timeline before the names table');
  await page.goBack();
  await page.waitForURL(filteredUrl);
  await waitPressed('region', 'Africa', 'true');
  check(page.url() === filteredUrl && await page.locator('#search-view').isVisible(), 'back returns to the filtered results');
  check(await pressed('region', 'Africa').getAttribute('aria-pressed') === 'true', 'the filters are still applied after back');
  await page.goForward();
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check(page.url().endsWith('/dossier/GH'), 'forward returns to the dossier');
  await page.goBack();
  await page.waitForURL(filteredUrl);

  // --- Meeting page and record page ------------------------------------------------------------
  await page.goto(base + 'dossier/accra-2013');
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check((await page.locator('#entity-view h1').textContent()).includes('Accra'), 'the meeting page renders');
  check(await page.locator('#entity-view table.roles tbody tr').count() > 0, 'the meeting page lists every country role');

  // --- An organisation's dossier opens from a meeting page's host link, with its timeline -----
  const kaiptc = await (await fetch(base + 'api/dossier/kaiptc')).json();
  check(kaiptc.kind === 'organisation' && kaiptc.timeline.length > 0, 'the KAIPTC has an organisation dossier',
    JSON.stringify(kaiptc).slice(0, 200));
  const hostLink = page.locator('#entity-view a[href="/dossier/kaiptc"]').first();
  check(await hostLink.count() === 1, 'the meeting page links the KAIPTC to its dossier');
  await hostLink.click();
  await page.waitForURL(/\/dossier\/kaiptc$/);
  await page.waitForSelector('#entity-view:not([hidden]) .entity-kind');
  await page.waitForFunction(() => document.querySelector('#entity-view .entity-kind').textContent === 'Organisation dossier');
  check(await page.locator('#entity-view h1').textContent() === kaiptc.name, 'the organisation page is headed by its name',
    await page.locator('#entity-view h1').textContent());
  const entries = page.locator('#entity-view .timeline > li');
  check(await entries.count() === kaiptc.timeline.length, 'the organisation page shows every role of its timeline',
    String(await entries.count()));
  check((await entries.first().locator('blockquote').textContent()) === kaiptc.timeline[0].sentence,
    'each role quotes its sentence');
  check(await entries.first().locator('a[href="/dossier/accra-2013"]').count() === 1,
    'the role links its meeting page');
  check(await entries.first().locator('.timeline-with a[href="/dossier/global-centre"]').count() === 1,
    'the role links the organisation it shared the sentence with');
  check(await page.locator('#entity-view a[href="/dossier/GH"]').count() > 0, 'countries named with it link to their dossiers');
  await page.goBack();
  await page.waitForURL(/\/dossier\/accra-2013$/);
  await page.waitForSelector('#entity-view:not([hidden]) table.roles');
  check(page.url().endsWith('/dossier/accra-2013'), 'back returns to the meeting page');

  // People named at a meeting link to their dossiers.
  await page.goto(base + 'dossier/ljubljana-2013');
  await page.waitForSelector('#entity-view:not([hidden]) table.roles');
  await page.locator('#entity-view a[href="/dossier/person-adama-dieng"]').first().click();
  await page.waitForURL(/\/dossier\/person-adama-dieng$/);
  await page.waitForFunction(() => document.querySelector('#entity-view .entity-kind') &&
    document.querySelector('#entity-view .entity-kind').textContent === 'Person dossier');
  check(await page.locator('#entity-view h1').textContent() === 'Adama Dieng', 'a person page opens from a meeting page');
  check(await page.locator('#entity-view .timeline > li').count() > 0, 'the person page shows its timeline');

  // --- How the query was read, and the answer card ---------------------------------------------
  const QUESTION = 'what was discussed in Accra';
  const asked = await (await fetch(base + 'api/search?q=' + encodeURIComponent(QUESTION))).json();
  const card = page.locator('#answer-card');
  const reading = page.locator('#reading');
  await page.goto(base);
  await waitStatus(/records in all/);
  check(await reading.isHidden() && await card.isHidden(), 'no reading line and no answer card without a query');
  await page.fill('#q', QUESTION);
  await page.press('#q', 'Enter');
  await waitStatus(/match(es)? “what was discussed in Accra”/);
  check(await card.isVisible() && await card.getAttribute('aria-label') === 'Answer',
    'a question about Accra shows a labelled answer card');
  check(await card.locator('h3 a').getAttribute('href') === '/dossier/accra-2013',
    'the answer card links to the Accra meeting page', await card.locator('h3 a').getAttribute('href'));
  const terms = await card.locator('dl dt').allTextContents();
  check(terms.includes('Date'), 'the answer card has a Date fact', terms);
  check(await card.locator('dl dd').count() === asked.answer.facts.length,
    'the answer card shows every fact of the API answer', await card.locator('dl dd').count());
  check(await card.evaluate((node) => node.compareDocumentPosition(document.getElementById('hits')) ===
    Node.DOCUMENT_POSITION_FOLLOWING), 'the answer card comes before the hits');
  const ignored = 'Not required: ' + asked.interpretation.ignored.join(', ') + '.';
  check(asked.interpretation.ignored.join(',') === 'what,was,in' && await reading.isVisible() &&
    (await reading.textContent()).includes(ignored), 'the reading line lists the words not required',
  await reading.textContent());
  const narrow = reading.locator('a.reading-filter');
  const narrowUrl = new URL(await narrow.getAttribute('href'), base);
  check(await narrow.count() === 1 && narrowUrl.searchParams.get('meeting') === 'accra-2013' &&
    narrowUrl.searchParams.get('q') === QUESTION, 'the reading line offers the Accra meeting as a filter',
  narrowUrl.href);
  const questionUrl = page.url();
  await card.locator('h3 a').click();
  await page.waitForURL(/\/dossier\/accra-2013$/);
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check((await page.locator('#entity-view h1').textContent()).includes('Accra'), 'the answer card opens the meeting page');
  await page.goBack();
  await page.waitForURL(questionUrl);
  await page.waitForSelector('#answer-card:not([hidden])');
  await narrow.click();
  await page.waitForURL(/meeting=accra-2013/);
  await page.waitForSelector('#active-filters:not([hidden]) .chip');
  check(new URL(page.url()).searchParams.get('q') === QUESTION &&
    (await page.locator('#active-filters').textContent()).includes('Meeting: '),
  'the filter link adds the meeting filter to the same search', page.url());
  check(await reading.locator('a.reading-filter').count() === 0, 'an applied filter is not offered again');
  await page.goto(base + '?q=network');
  await waitStatus(/match(es)? “network”/);
  check(await reading.isHidden() && await card.isHidden(),
    'a plain query (every word matched, nothing understood or ignored) shows no reading line and no card');
  const partly = await (await fetch(base + 'api/search?q=zzqx+network')).json();
  await page.goto(base + '?q=zzqx+network');
  await waitStatus(/match(es)? “zzqx network”/);
  check(partly.interpretation.matching === 'some' &&
    (await reading.textContent()).includes('No record has every word'),
  'the reading line says when no record has every word', await reading.textContent());
  await page.goto(base + '?q=Ghana');
  await page.waitForSelector('#answer-card:not([hidden])');
  check(await card.locator('h3 a').getAttribute('href') === '/dossier/GH', 'a country name answers with its dossier');
  await page.goto(base + '?q=Ghana&page=20');
  await waitStatus(/no hits on this page/);
  check(await card.isHidden() && await reading.isHidden(), 'no card and no reading line past the last hit');
  // An error hides both (on a page of its own: the browser logs the 400 as a console error).
  const errorPage = await context.newPage();
  errorPage.on('pageerror', (error) => pageErrors.push(String(error)));
  await errorPage.goto(base + '?q=' + encodeURIComponent(QUESTION));
  await errorPage.waitForSelector('#answer-card:not([hidden])');
  await errorPage.fill('#q', QUESTION + ' year:abc');
  await errorPage.press('#q', 'Enter');
  await errorPage.waitForSelector('#error:not([hidden])');
  check(await errorPage.locator('#answer-card').isHidden() && await errorPage.locator('#reading').isHidden(),
    'an error hides the reading line and the answer card');
  await errorPage.close();

  // --- Paging, sort, did you mean, CSV ----------------------------------------------------------
  await page.goto(base);
  await waitStatus(/records in all/);
  await page.locator('#pager a[rel="next"]').click();
  await page.waitForURL(/page=2/);
  await waitStatus(/showing 11–20/);
  check(true, 'the next page shows hits 11–20');
  await page.selectOption('#sort', 'date');
  await page.waitForURL(/sort=date/);
  await waitStatus(/showing 1–10/);
  const oldest = await (await fetch(base + 'api/search?sort=date&limit=1')).json();
  check(await page.locator('#hits li.hit h3 a').first().getAttribute('href') === '/record/' + oldest.hits[0].id,
    'sorting oldest first puts the oldest record first');
  await page.fill('#q', 'Ljubliana');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#suggestion:not([hidden]) a');
  await page.locator('#suggestion a').click();
  await page.waitForURL(/q=ljubljana/);
  await waitStatus(/match(es)? “ljubljana”/);
  check(true, '"did you mean" leads to the corrected query');
  const csvHref = await page.locator('#csv-link').getAttribute('href');
  check(/^\/export\.csv\?q=ljubljana&sort=date&limit=0$/.test(csvHref), 'the CSV link carries the query', csvHref);
  const csv = await fetch(base + csvHref.slice(1));
  check(csv.headers.get('content-type').startsWith('text/csv') &&
    (await csv.text()) === cli(['--sort', 'date', '--limit', '0', '--format', 'csv', 'ljubljana']),
  'the CSV export is what r2p-search --format csv prints');

  // --- The hostile record shows as text everywhere; nothing runs -------------------------------
  const noMarkup = async (where) => {
    const counts = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
      bold: document.querySelectorAll('main b').length,
    }));
    check(counts.img === 0 && counts.bold === 0 && counts.scripts.length === 1 && counts.scripts[0] === '/app.js',
      'no element made from record or query text in ' + where, counts);
  };
  await page.fill('#q', 'Zanzibarian');
  await page.press('#q', 'Enter');
  await waitStatus(/^1 record matches “Zanzibarian”/);
  const hit = page.locator('#hits li.hit').first();
  check(await hit.locator('h3').textContent() === HOSTILE_RECORD.title, 'the hostile title shows literally in the hit',
    await hit.locator('h3').textContent());
  const snippet = await hit.locator('.snippet').textContent();
  check(snippet.includes(SCRIPT) && snippet.includes(IMG) && snippet.includes('<b>bold</b> &amp; it\'s "quoted"'),
    'the hostile snippet shows literally, entities decoded once', snippet);
  check(await hit.locator('.snippet mark').textContent() === 'Zanzibarian', 'the match is still highlighted');
  await noMarkup('hits and snippets');
  await hit.locator('h3 a').click();
  await page.waitForURL(new RegExp('/record/' + HOSTILE_ID + '$'));
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check(await page.locator('#entity-view h1').textContent() === HOSTILE_RECORD.title, 'the record page title is literal');
  const pageText = await page.locator('#entity-view').textContent();
  check(pageText.includes('Item ' + SCRIPT) && pageText.includes('Item ' + IMG), 'the record page items are literal');
  check(await page.title() === HOSTILE_RECORD.title + ' — R2P Focal Points', 'the document title is literal');
  await noMarkup('the record page');
  await page.goto(base + 'dossier/Ghana');
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check((await page.locator('#entity-view').textContent()).includes(HOSTILE_RECORD.title), 'the dossier lists the hostile record literally');
  await noMarkup('the country dossier');
  await page.goto(base + 'dossier/accra-2013');
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check((await page.locator('#entity-view').textContent()).includes(HOSTILE_RECORD.title), 'the meeting page lists the hostile record literally');
  await noMarkup('the meeting page');
  await page.goto(base + '?q=' + encodeURIComponent(HOSTILE_QUERY));
  await page.waitForFunction(() => document.getElementById('status').textContent.length > 0);
  check((await status()).includes(HOSTILE_QUERY) && await page.inputValue('#q') === HOSTILE_QUERY,
    'a hostile query from the URL shows literally', await status());
  await noMarkup('a hostile query');
  await page.goto(base + 'record/' + encodeURIComponent(SCRIPT));
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check(await page.locator('#entity-view h1').textContent() === 'Not found', 'an unknown record shows "Not found"');
  await noMarkup('the not-found page');

  // --- A name that fits several countries is offered, never guessed -----------------------------
  // (On a page of its own: the browser logs the 400 and 404 answers as console errors.)
  const choicePage = await context.newPage();
  choicePage.on('pageerror', (error) => pageErrors.push(String(error)));
  await choicePage.goto(base + '?q=focal&country=Congo');
  await choicePage.waitForSelector('#error:not([hidden]) a.candidate');
  const offered = await choicePage.locator('#error a.candidate').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  check(offered.length === 2 && offered.some((href) => href.includes('country=CD')) && offered.some((href) => href.includes('country=CG')),
    'an ambiguous --country offers each candidate as a link', offered);
  check(offered[0].includes('country=CD'), 'the candidate with records comes first', offered);
  await choicePage.locator('#error a.candidate').first().click();
  await choicePage.waitForFunction(() => document.getElementById('error').hidden &&
    /match/.test(document.getElementById('status').textContent), null, { timeout: 10000 });
  check(new URL(choicePage.url()).searchParams.getAll('country').join() === 'CD', 'choosing a candidate filters by it', choicePage.url());
  await choicePage.goto(base + 'dossier/Congo');
  await choicePage.waitForSelector('#entity-view:not([hidden]) a.candidate');
  const dossiers = await choicePage.locator('#entity-view a.candidate').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  check(dossiers.join() === '/dossier/CD,/dossier/CG', 'an ambiguous dossier name offers each dossier', dossiers);
  await choicePage.close();

  // --- Time as a control: bars and a brushed range ----------------------------------------------
  await page.goto(base + '?q=network');
  await waitStatus(/match(es)? “network”/);
  await page.locator('#histogram g.bar[data-year="2012"]').click();
  await page.waitForURL((u) => u.searchParams.getAll('year').join() === '2012');
  await waitStatus(/match(es)? “network”/);
  const in2012 = await (await fetch(base + 'api/search?q=network&year=2012&limit=1')).json();
  check((await status()).startsWith(in2012.total + ' record'), 'a bar filters by its year', await status());
  await page.locator('#histogram g.bar[data-year="2012"]').click();
  await page.waitForURL((u) => !u.searchParams.has('year'));
  check(true, 'the selected bar clicked again removes the year filter');
  await waitStatus(/match(es)? “network”/);
  const from = await page.locator('#histogram g.bar[data-year="2010"] rect.bar-hit').boundingBox();
  const to = await page.locator('#histogram g.bar[data-year="2012"] rect.bar-hit').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForURL((u) => u.searchParams.getAll('year').join() === '2010..2012');
  await waitStatus(/match(es)? “network”/);
  const ranged = await (await fetch(base + 'api/search?q=network&year=2010..2012&limit=1')).json();
  check((await status()).startsWith(ranged.total + ' record'), 'a drag across bars filters by the range', await status());
  const yearSum = ((await (await fetch(base + 'api/search?limit=1')).json()).facets.year || [])
    .reduce((sum, value) => sum + value.count, 0);
  await page.goto(base);
  await waitStatus(/records in all/);
  const all = await (await fetch(base + 'api/search?limit=1')).json();
  check((await page.locator('#histogram .histogram-note').count() === 1) === (yearSum > all.total),
    'a note explains bars that add up to more than the hits', { yearSum, total: all.total });

  // --- Search as you type, page size, links to the view's data ----------------------------------
  await page.goto(base + '?q=Accra');
  await waitStatus(/match(es)? “Accra”/);
  await page.fill('#q', '');
  await page.locator('#q').pressSequentially('Ljubljana', { delay: 20 });
  await page.waitForURL((u) => u.searchParams.get('q') === 'Ljubljana');
  await waitStatus(/match(es)? “Ljubljana”/);
  check(true, 'the hits follow the search box as one types');
  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get('q') === 'Accra');
  await waitStatus(/match(es)? “Accra”/);
  check(true, 'Back after typing returns to the search before it');
  await page.goto(base);
  await waitStatus(/records in all/);
  await page.selectOption('#per-page', '25');
  await page.waitForURL(/per_page=25/);
  await waitStatus(/showing 1–25/);
  check(await page.locator('#hits li.hit').count() === Math.min(25, all.total), 'the page size setting lists 25 hits');
  const jsonHref = await page.locator('#json-link').getAttribute('href');
  check(jsonHref === '/api/search?limit=25&offset=0' && await page.locator('#api-link').getAttribute('href') === jsonHref,
    'the JSON links show the current view', jsonHref);
  const viewJson = await (await fetch(base + jsonHref.slice(1))).json();
  check(viewJson.hits.map((h) => h.id).join() ===
    (await page.locator('#hits li.hit h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href').slice(8)))).join(),
  'the JSON of the view lists the hits shown');
  await page.goto(base + 'dossier/GH');
  await page.waitForSelector('#entity-view:not([hidden]) h1');
  check(await page.locator('#api-link').getAttribute('href') === '/api/dossier/GH' && await page.locator('#csv-link').isHidden(),
    'on a dossier the JSON link is the dossier\'s API answer');

  // --- Facets that fit the data ----------------------------------------------------------------
  await page.goto(base + '?type=country');
  await waitStatus(/match these filters/);
  const countryValues = (await (await fetch(base + 'api/search?type=country&limit=1')).json()).facets.country;
  const filterBox = page.locator('#facet-country-filter');
  check(await filterBox.count() === (countryValues.length > 10 ? 1 : 0), 'a long facet has a filter box', countryValues.length);
  if (countryValues.length > 10) {
    await filterBox.fill('denm');
    const shown = await page.locator('button[data-facet="country"]').evaluateAll((b) => b.map((x) => x.dataset.value));
    check(shown.join() === 'DK', 'the filter box narrows the facet to matching values', shown);
  }
  await page.goto(base + '?q=zzqxzzqx');
  await waitStatus(/^0 records/);
  check(await page.locator('#facet-panels section.facet').count() === 0 &&
    await page.locator('#facet-panels .facet-empty').count() === 1, 'an empty result shows one line, not a panel per facet');

  // Meetings are listed by short label, the full title on hover.
  await page.goto(base + '?q=Accra');
  await waitStatus(/match(es)? “Accra”/);
  const accraFacet = page.locator('button[data-facet="meeting"][data-value="accra-2013"]');
  check((await accraFacet.locator('.facet-label').textContent()) === 'Accra 2013 — third meeting' &&
    (await accraFacet.getAttribute('title')).startsWith('Third meeting of the Global Network'),
  'a meeting facet value shows its short label, the title on hover', await accraFacet.textContent());
  // Sub-regions are listed under their continent.
  const regionOrder = await page.locator('button[data-facet="region"]').evaluateAll((buttons) =>
    buttons.map((b) => [b.dataset.value, b.closest('li').classList.contains('facet-child')]));
  const africa = regionOrder.findIndex(([code]) => code === '002');
  const western = regionOrder.findIndex(([code]) => code === '011');
  check(africa >= 0 && western === africa + 1 && regionOrder[western][1] && !regionOrder[africa][1],
    'Western Africa is listed under Africa', regionOrder);

  // --- Meeting page: key facts first, each announcement once ------------------------------------
  await page.goto(base + 'dossier/accra-2013');
  await page.waitForSelector('#entity-view:not([hidden]) table.roles');
  const accraPage = await (await fetch(base + 'api/dossier/accra-2013')).json();
  const sentences = new Set(accraPage.announcements.map((a) => a.sentence));
  const visible = await page.evaluate(() => [...document.querySelectorAll('#entity-view blockquote, #entity-view li')]
    .filter((node) => !node.closest('details')).map((node) => node.textContent));
  for (const sentence of sentences) {
    const times = visible.filter((text) => text.trim() === sentence).length;
    check(times === 1, 'an announcement sentence shows once outside the full text', { sentence: sentence.slice(0, 40), times });
  }
  check(await page.locator('#entity-view details.full-text').count() === 1 &&
    !(await page.locator('#entity-view details.full-text').getAttribute('open')), 'the full text is collapsed');
  check(await page.evaluate(() => {
    const facts = document.querySelector('#entity-view dl.facts');
    const roles = document.querySelector('#entity-view table.roles');
    return facts.textContent.includes('When') && (facts.compareDocumentPosition(roles) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  }), 'the meeting page gives when and where before the roles');

  // --- Organisation dossier: who first, the timeline, the other names last -----------------------
  await page.goto(base + 'dossier/kaiptc');
  await page.waitForSelector('#entity-view:not([hidden]) .timeline');
  const dossierOrder = await page.evaluate(() => [...document.querySelectorAll('#entity-view dl.facts, #entity-view section.entity-section h2')]
    .map((node) => (node.tagName === 'DL' ? 'facts' : node.textContent)));
  check(dossierOrder[0] === 'facts' && dossierOrder.indexOf('Timeline') === 1 &&
    (!dossierOrder.includes('Other names') || dossierOrder.indexOf('Other names') === dossierOrder.length - 1),
  'an organisation dossier gives who first, then the timeline, the other names last', dossierOrder);

  // --- Status facet and the hits with no year ---------------------------------------------------
  await page.goto(base + '?q=focal');
  await waitStatus(/match(es)? “focal”/);
  const focal = await (await fetch(base + 'api/search?q=focal&limit=1')).json();
  const statusShown = await page.locator('button[data-facet="status"]').evaluateAll((buttons) =>
    buttons.map((b) => b.dataset.value + ' ' + b.querySelector('.facet-count').firstChild.textContent));
  check(statusShown.join() === focal.facets.status.map((v) => v.value + ' ' + v.count).join(),
    'the status facet lists the API\'s counts', statusShown);
  const noYear = focal.facets.year.find((v) => v.value === 'none');
  check(noYear && (await page.locator('#histogram button.no-year').textContent()).includes(String(noYear.count)),
    'the hits with no year have a button beside the bars', noYear);
  await page.locator('#histogram button.no-year').click();
  await page.waitForURL((u) => u.searchParams.getAll('year').join() === 'none');
  await waitStatus(/match(es)? “focal”/);
  check((await status()).startsWith(noYear.count + ' record'), 'the no-year button filters to the hits with no year', await status());

  // --- The role matrix --------------------------------------------------------------------------
  await page.goto(base + 'matrix');
  await page.waitForSelector('#matrix-view:not([hidden]) table.matrix');
  const matrix = await (await fetch(base + 'api/matrix?columns=meeting')).json();
  check(await page.locator('table.matrix tbody tr').count() === matrix.rows.length &&
    await page.locator('table.matrix thead th').count() === matrix.columns.length + 1, 'the matrix shows every row and column of the API');
  const filled = matrix.cells.flat().filter((cell) => cell.length > 0).length;
  check(await page.locator('table.matrix td a').count() === filled, 'every tied cell is a link', filled);
  const roleCell = page.locator('table.matrix td a[href*="#at-"]').first();
  const cellHref = await roleCell.getAttribute('href');
  check(/^\/dossier\/[A-Z]{2}#at-[a-z0-9-]+$/.test(cellHref), 'a role cell links to the dossier entry of its meeting', cellHref);
  const mentionHrefs = await page.locator('table.matrix td a:not([href*="#"])').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  check(mentionHrefs.every((href) => /^\/record\/[a-z0-9-]+$/.test(href)), 'a mention links to the meeting record', mentionHrefs);
  await roleCell.click();
  await page.waitForSelector('#entity-view:not([hidden]) .timeline');
  check(await page.locator('#' + cellHref.split('#')[1] + ' blockquote').count() === 1, 'the linked entry quotes its sentence');
  await page.goto(base + 'matrix?columns=year&status=appointed');
  await page.waitForSelector('#matrix-view:not([hidden]) table.matrix');
  const byYear = await (await fetch(base + 'api/matrix?columns=year&status=appointed')).json();
  check(await page.locator('table.matrix tbody tr').count() === byYear.rows.length, 'the matrix filters by status, by year');
  const matrixCsv = await page.locator('#csv-link').getAttribute('href');
  check(matrixCsv === '/export/matrix.csv?columns=year&status=appointed', 'the CSV link is the matrix shown', matrixCsv);
  check(await (await fetch(base + matrixCsv.slice(1))).text() ===
    cli(['--matrix', 'country,year', '--status', 'appointed', '--format', 'csv']), 'the matrix CSV is what r2p-search --matrix prints');

  // --- Phone width ------------------------------------------------------------------------------
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(base + '?q=Accra');
  await waitStatus(/match(es)? “Accra”/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, 'nothing is wider than a 375 px window', overflow);
  check(await page.locator('#filters-toggle').isVisible(), 'filters fold behind a button on a phone');
  await page.locator('#filters-toggle').click();
  check(await page.locator('#facets').isVisible() &&
    await page.locator('#filters-toggle').getAttribute('aria-expanded') === 'true', 'the filters open');
  await page.screenshot({ path: path.join(options.out, 'web-page-phone.png'), fullPage: true });

  for (const [where, ready] of [['matrix', '#matrix-view:not([hidden]) table.matrix'],
    ['dossier/accra-2013', '#entity-view:not([hidden]) table.roles'], ['dossier/GH', '#entity-view:not([hidden]) .timeline']]) {
    await page.goto(base + where);
    await page.waitForSelector(ready);
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wider <= 0, 'the ' + where + ' page fits a 375 px window', wider);
    if (where === 'matrix') {
      check(await page.evaluate(() => {
        const scroller = document.querySelector('.matrix-scroll');
        return scroller.scrollWidth > scroller.clientWidth && scroller.clientWidth <= window.innerWidth;
      }), 'on a phone the matrix scrolls inside its box');
    }
  }

  check(dialogs.length === 0, 'no dialog fired', dialogs);
  check(pageErrors.length === 0, 'no script error', pageErrors);
  const unexpected = consoleErrors.filter((text) => !/status of 404/.test(text));
  check(unexpected.length === 0, 'no console error (CSP violations included)', unexpected);
  check(external.length === 0, 'nothing was requested from another origin', external);
  console.log('# screenshots: ' + path.join(options.out, 'web-page.png') + ', ' +
    path.join(options.out, 'web-page-phone.png'));
}

async function stopServer() {
  if (!server || server.exitCode !== null) return null;
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
  server.kill('SIGTERM');
  return exited;
}

try {
  await main();
} catch (error) {
  failed += 1;
  console.log('FAIL: ' + (error && error.stack ? error.stack : error));
} finally {
  if (browser) await browser.close();
  const code = await stopServer();
  if (code !== null) check(code === 0, 'r2p-search --serve stops cleanly on SIGTERM', code);
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(passed + ' passed, ' + failed + ' failed');
process.exit(failed === 0 ? 0 : 1);
