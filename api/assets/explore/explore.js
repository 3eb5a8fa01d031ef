// The explorer: one search box, facets, statement cards that open in their
// article, a timeline and who is for and against, all kept in the URL's
// query string so that a view can be shared, reloaded and gone back to.
// Every piece of data comes from one GraphQL operation (api.js).

import { run, setEditorKey, hasEditorKey, ApiError } from './api.js';
import { drawTimeline, chronological, monthLabel, MAX_SERIES } from './timeline.js';

const PAGE_SIZE = 20;
const SUGGEST_DELAY_MS = 180;
/** At most this many words of the box are looked up one by one on Enter. */
const WORDS_RESOLVED = 6;
/** A word whose best match scores this (an exact name, a case form) is that name. */
const NAME_SCORE = 0.9;
const ENTITY_KINDS = ['speaker', 'organization', 'topic'];
const KIND_LABELS = { DIRECT_QUOTE: 'quote', PARAPHRASE: 'paraphrase', REPORTED_CLAIM: 'reported claim' };
const REVIEW_STATUSES = ['UNREVIEWED', 'CONFIRMED', 'REJECTED'];
const LANGUAGE_NAMES = { ru: 'Russian', en: 'English', kk: 'Kazakh', ky: 'Kyrgyz', uz: 'Uzbek', tg: 'Tajik' };
// NONE, the default, is the month totals alone: the write-time tally
// answers them at once however large the corpus; a split counts the
// statements themselves, which takes seconds at a million.
const SPLITS = {
  NONE: 'nothing',
  SPEAKER: 'speaker',
  ORGANIZATION: 'organization',
  TOPIC: 'topic',
  LANGUAGE: 'language',
  KIND: 'kind',
  STANCE: 'stance on a proposition',
};

// ---------------------------------------------------------------- state

/** What the view shows; all of it is in the URL. */
let state = emptyState();

function emptyState() {
  return {
    chips: [], // {kind: speaker|organization|topic, id, label}
    text: '',
    languages: [],
    month: null,
    from: null,
    to: null,
    review: [],
    outlet: null, // an outlet's name: the reports it carried
    split: 'NONE',
    proposition: null,
    open: null,
  };
}

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const next = emptyState();
  for (const kind of ENTITY_KINDS) {
    for (const value of params.getAll(kind)) {
      const bar = value.indexOf('|');
      const id = bar < 0 ? value : value.slice(0, bar);
      if (id) next.chips.push({ kind, id, label: bar < 0 ? id : value.slice(bar + 1) });
    }
  }
  next.text = params.get('q') || '';
  next.languages = params.getAll('lang');
  next.month = params.get('month');
  next.from = params.get('from');
  next.to = params.get('to');
  next.review = params.getAll('review').filter((s) => REVIEW_STATUSES.includes(s));
  next.outlet = params.get('outlet');
  next.split = SPLITS[params.get('split')] ? params.get('split') : 'NONE';
  next.proposition = params.get('proposition');
  next.open = params.get('open');
  return next;
}

function urlOf(view) {
  const params = new URLSearchParams();
  for (const chip of view.chips) params.append(chip.kind, `${chip.id}|${chip.label}`);
  if (view.text) params.set('q', view.text);
  for (const language of view.languages) params.append('lang', language);
  if (view.month) params.set('month', view.month);
  if (view.from) params.set('from', view.from);
  if (view.to) params.set('to', view.to);
  for (const status of view.review) params.append('review', status);
  if (view.outlet) params.set('outlet', view.outlet);
  if (view.split !== 'NONE') params.set('split', view.split);
  if (view.proposition) params.set('proposition', view.proposition);
  if (view.open) params.set('open', view.open);
  const query = params.toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}

/** The GraphQL `StatementFilter` of the view. */
function filterOf(view) {
  const filter = {};
  const plural = { speaker: 'speakers', organization: 'organizations', topic: 'topics' };
  for (const kind of ENTITY_KINDS) {
    const ids = view.chips.filter((c) => c.kind === kind).map((c) => c.id);
    if (ids.length === 1) filter[kind] = ids[0];
    else if (ids.length > 1) filter[plural[kind]] = ids;
  }
  if (view.text) filter.text = view.text;
  if (view.languages.length) filter.languages = view.languages;
  if (view.month) filter.month = view.month;
  if (view.from) filter.saidFrom = view.from;
  if (view.to) filter.saidTo = view.to;
  if (view.review.length) filter.reviewStatus = view.review;
  if (view.outlet) filter.reportedBy = view.outlet;
  return filter;
}

/** Each facet's filter: the view's, without that facet's own choices. */
function facetFilters() {
  const without = (change) => {
    const view = structuredClone(state);
    change(view);
    return filterOf(view);
  };
  const withoutChips = (kind) => without((v) => (v.chips = v.chips.filter((c) => c.kind !== kind)));
  return {
    speakers: withoutChips('speaker'),
    organizations: withoutChips('organization'),
    topics: withoutChips('topic'),
    languages: without((v) => (v.languages = [])),
    months: without((v) => (v.month = null)),
    // Rejected statements are counted only when the filter names them.
    reviewStatuses: without((v) => (v.review = [...REVIEW_STATUSES])),
  };
}

/** The filter as the exports take it: its fields as query parameters, a list's values repeated. */
function exportQuery(filter) {
  const params = new URLSearchParams();
  for (const [field, value] of Object.entries(filter)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(field, one);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Changes the view: `change` edits a copy of the state; the URL follows. */
function update(change, { reload = true } = {}) {
  const next = structuredClone(state);
  change(next);
  state = next;
  const url = urlOf(state);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  if (reload) load();
  else renderChrome();
}

// ---------------------------------------------------------------- DOM

/** An element with attributes (`on…` ones as listeners) and children. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

const $ = (id) => document.getElementById(id);

function chipLabel(chip) {
  return { speaker: 'speaker', organization: 'organization', topic: 'topic' }[chip.kind];
}

function languageName(code) {
  return LANGUAGE_NAMES[code] || code;
}

// ---------------------------------------------------------------- search box

let suggestions = []; // the latest `resolve` answer
let activeSuggestion = -1;
let suggestTimer = null;
let suggestAbort = null;

function entityChip(match) {
  const entity = match.entity;
  switch (entity.__typename) {
    case 'Speaker':
      return { kind: 'speaker', id: entity.id, label: entity.name };
    case 'Organization':
      return { kind: 'organization', id: entity.id, label: entity.name };
    default:
      return { kind: 'topic', id: entity.slug, label: entity.labelEn };
  }
}

async function resolveNow(text) {
  if (suggestAbort) suggestAbort.abort();
  suggestAbort = new AbortController();
  const data = await run('resolve', { name: text }, { signal: suggestAbort.signal });
  return data.resolve.filter((m) => !state.chips.some((c) => c.id === entityChip(m).id));
}

/**
 * What the text can mean, and, when it has several words, what its last word
 * (the one being typed) can: best first, each entity once.
 */
async function suggestFor(text) {
  const words = text.split(/\s+/);
  if (words.length < 2) return resolveNow(text);
  if (suggestAbort) suggestAbort.abort();
  suggestAbort = new AbortController();
  const last = words[words.length - 1];
  const data = await run('resolveWords', { w0: text, w1: last, has1: last.length >= 2 }, { signal: suggestAbort.signal });
  const seen = new Set(state.chips.map((c) => c.id));
  const tagged = (matches, source) => (matches || []).map((match) => ({ ...match, source }));
  return [...tagged(data.w0, 'whole'), ...tagged(data.w1, 'last')]
    .sort((a, b) => b.score - a.score)
    .filter((match) => {
      const id = entityChip(match).id;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}

function scheduleSuggestions() {
  clearTimeout(suggestTimer);
  const text = $('search').value.trim();
  if (text.length < 2) {
    showSuggestions([]);
    return;
  }
  suggestTimer = setTimeout(async () => {
    try {
      showSuggestions((await suggestFor(text)).slice(0, 8));
    } catch (error) {
      if (error.name !== 'AbortError') showSuggestions([]);
    }
  }, SUGGEST_DELAY_MS);
}

function showSuggestions(list) {
  suggestions = list;
  activeSuggestion = -1;
  const box = $('suggestions');
  box.replaceChildren(
    ...list.map((match, index) => {
      const chip = entityChip(match);
      const detail = match.entity.description || (match.entity.labelRu ? match.entity.labelRu : '');
      return h(
        'li',
        {
          id: `suggestion-${index}`,
          role: 'option',
          class: `suggestion ${chip.kind}`,
          'aria-selected': 'false',
          onmousedown: (event) => {
            event.preventDefault();
            pickSuggestion(index);
          },
        },
        h('span', { class: `kind ${chip.kind}`, text: chip.kind }),
        h('span', { class: 'name', text: chip.label }),
        match.matchedAlias && match.matchedAlias !== chip.label
          ? h('span', { class: 'alias', text: `“${match.matchedAlias}”` })
          : null,
        detail ? h('span', { class: 'detail', text: detail }) : null,
      );
    }),
  );
  box.hidden = list.length === 0;
  $('search').setAttribute('aria-expanded', String(list.length > 0));
  $('search').removeAttribute('aria-activedescendant');
}

function moveSuggestion(step) {
  if (!suggestions.length) return;
  activeSuggestion = (activeSuggestion + step + suggestions.length + 1) % (suggestions.length + 1);
  if (activeSuggestion === suggestions.length) activeSuggestion = -1;
  document.querySelectorAll('#suggestions li').forEach((li, index) => {
    li.setAttribute('aria-selected', String(index === activeSuggestion));
  });
  if (activeSuggestion >= 0) $('search').setAttribute('aria-activedescendant', `suggestion-${activeSuggestion}`);
  else $('search').removeAttribute('aria-activedescendant');
}

/** Whether two words are one word in two forms (a shared stem). */
function sameWord(a, b) {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  return common >= 4 && common >= Math.max(a.length, b.length) - 4;
}

/** `text`'s words without those of `alias`, when every word of the alias is among them; else null. */
function withoutAlias(text, alias) {
  const words = text.split(/\s+/).filter(Boolean);
  const used = new Set();
  for (const word of (alias || '').split(/\s+/).filter(Boolean)) {
    const at = words.findIndex((w, i) => !used.has(i) && sameWord(w, word));
    if (at < 0) return null;
    used.add(at);
  }
  return used.size ? words.filter((_, i) => !used.has(i)).join(' ') : null;
}

/**
 * The box's text once a suggestion is picked: without the words of the name
 * it matched; else, for a match of the whole text, empty, and for a match
 * of the word being typed, without that word when it begins the name.
 */
function withoutPicked(text, match, chip) {
  const rest = withoutAlias(text, match.matchedAlias);
  if (rest !== null) return rest;
  const words = text.trim().split(/\s+/);
  if (match.source !== 'last') return '';
  const last = (words[words.length - 1] || '').toLowerCase();
  const names = `${match.matchedAlias || ''} ${chip.label}`.toLowerCase().split(/\s+/);
  if (last && names.some((name) => name.startsWith(last))) words.pop();
  return words.join(' ');
}

function pickSuggestion(index) {
  const match = suggestions[index];
  if (!match) return;
  const chip = entityChip(match);
  const box = $('search');
  box.value = withoutPicked(box.value, match, chip);
  showSuggestions([]);
  // The words left stay in the box, to be finished; Enter searches them.
  update((s) => {
    s.chips.push(chip);
    s.open = null;
  });
  box.focus();
}

/**
 * The box's words as filters: the names the suggestions found in them
 * become chips; the words left are searched as text.
 */
async function submitSearch() {
  clearTimeout(suggestTimer);
  const box = $('search');
  let text = box.value.trim();
  const chips = [];
  if (text.length >= 2) {
    let matches = [];
    try {
      matches = await resolveNow(text);
    } catch (error) {
      if (error.name === 'AbortError') return;
    }
    for (const match of matches) {
      const chip = entityChip(match);
      if (chips.some((c) => c.id === chip.id)) continue;
      const rest = withoutAlias(text, match.matchedAlias);
      if (rest === null) continue;
      chips.push(chip);
      text = rest;
    }
  }
  // The words left, one by one: a name, exactly or in a case form, is a chip.
  const words = text.split(/\s+/).filter((w) => w.length >= 2).slice(0, WORDS_RESOLVED);
  if (words.length) {
    const variables = {};
    words.forEach((word, i) => {
      variables[`w${i}`] = word;
      if (i > 0) variables[`has${i}`] = true;
    });
    try {
      const data = await run('resolveWords', variables);
      const named = new Set();
      words.forEach((word, i) => {
        const best = (data[`w${i}`] || [])[0];
        // Below the score, a match is still the word when it is the same
        // word in another form ("расследования", the label "Расследование").
        if (!best || (best.score < NAME_SCORE && withoutAlias(word, best.matchedAlias) === null)) return;
        const chip = entityChip(best);
        if (chips.some((c) => c.id === chip.id) || state.chips.some((c) => c.id === chip.id)) return;
        chips.push(chip);
        named.add(word);
      });
      text = text.split(/\s+/).filter((w) => !named.has(w)).join(' ');
    } catch (error) {
      if (error.name === 'AbortError') return;
    }
  }
  box.value = '';
  showSuggestions([]);
  update((s) => {
    s.chips.push(...chips);
    s.text = text;
    s.open = null;
  });
}

function onSearchKey(event) {
  switch (event.key) {
    case 'ArrowDown':
      event.preventDefault();
      moveSuggestion(1);
      break;
    case 'ArrowUp':
      event.preventDefault();
      moveSuggestion(-1);
      break;
    case 'Enter':
      event.preventDefault();
      if (activeSuggestion >= 0) pickSuggestion(activeSuggestion);
      else submitSearch();
      break;
    case 'Escape':
      if (suggestions.length) showSuggestions([]);
      else $('search').value = '';
      break;
    case 'Backspace':
      if (!$('search').value && (state.chips.length || state.text)) {
        update((s) => {
          if (s.text) s.text = '';
          else s.chips.pop();
        });
      }
      break;
    default:
  }
}

// ---------------------------------------------------------------- chips and facets

function renderChrome() {
  const chips = [];
  for (const [index, chip] of state.chips.entries()) {
    chips.push(removable(`${chipLabel(chip)}: ${chip.label}`, chip.kind, (s) => s.chips.splice(index, 1)));
  }
  if (state.text) chips.push(removable(`words: ${state.text}`, 'text', (s) => (s.text = '')));
  for (const language of state.languages) {
    chips.push(removable(`language: ${languageName(language)}`, 'plain', (s) => (s.languages = s.languages.filter((l) => l !== language))));
  }
  if (state.month) chips.push(removable(`month: ${monthLabel(state.month)}`, 'plain', (s) => (s.month = null)));
  if (state.from) chips.push(removable(`from ${state.from}`, 'plain', (s) => (s.from = null)));
  if (state.to) chips.push(removable(`to ${state.to}`, 'plain', (s) => (s.to = null)));
  if (state.outlet) chips.push(removable(`carried by ${state.outlet}`, 'plain', (s) => (s.outlet = null)));
  for (const status of state.review) {
    chips.push(removable(`review: ${status.toLowerCase()}`, 'plain', (s) => (s.review = s.review.filter((r) => r !== status))));
  }
  $('chips').replaceChildren(...chips);
  $('clear').hidden = chips.length === 0;
  $('from').value = state.from || '';
  $('to').value = state.to || '';
  $('split').value = state.split;
  $('editor-tools').classList.toggle('on', hasEditorKey());
  const exported = exportQuery(filterOf(state));
  $('export-csv').setAttribute('href', `/export/statements.csv${exported}`);
  $('export-ndjson').setAttribute('href', `/export/statements.ndjson${exported}`);
  if (state.proposition) $('stance-panel').open = true;
}

function removable(label, kind, remove) {
  return h(
    'li',
    { class: `chip ${kind}` },
    h('span', { text: label }),
    h('button', {
      type: 'button',
      class: 'remove',
      'aria-label': `remove ${label}`,
      text: '×',
      onclick: () => update((s) => {
        remove(s);
        s.open = null;
      }),
    }),
  );
}

function addChip(chip) {
  if (state.chips.some((c) => c.kind === chip.kind && c.id === chip.id)) return;
  update((s) => {
    s.chips.push(chip);
    s.open = null;
  });
}

const FACETS = [
  { name: 'speakers', title: 'Speaker', kind: 'speaker' },
  { name: 'organizations', title: 'Organization', kind: 'organization' },
  { name: 'topics', title: 'Topic', kind: 'topic' },
  { name: 'languages', title: 'Language' },
  { name: 'months', title: 'Month' },
  { name: 'reviewStatuses', title: 'Review status' },
];
const FACET_SHOWN = 8;

function renderFacets(data) {
  const sections = FACETS.map((facet) => {
    let buckets = data[facet.name] || [];
    if (facet.name === 'months') buckets = chronological(buckets);
    if (facet.name === 'reviewStatuses') {
      buckets = REVIEW_STATUSES.map((status) => {
        const found = buckets.find((b) => b.key === status);
        return { key: status, label: status.toLowerCase(), count: found ? found.count : 0 };
      });
    }
    buckets = buckets.filter((b) => b.key);
    // What is chosen comes first (months keep the calendar's order).
    if (facet.name !== 'months' && facet.name !== 'reviewStatuses') {
      buckets = [...buckets.filter((b) => isSelected(facet, b.key)), ...buckets.filter((b) => !isSelected(facet, b.key))];
    }
    const items = buckets.map((bucket, index) => {
      const selected = isSelected(facet, bucket.key);
      const label = facet.name === 'languages' ? languageName(bucket.key)
        : facet.name === 'months' ? monthLabel(bucket.key) : bucket.label;
      return h(
        'li',
        { class: index >= FACET_SHOWN && !selected ? 'extra' : null },
        h(
          'button',
          {
            type: 'button',
            class: 'facet-value',
            'aria-pressed': String(selected),
            'data-key': bucket.key,
            onclick: () => toggleFacet(facet, bucket),
          },
          h('span', { class: 'label', text: label }),
          h('span', { class: 'count', text: String(bucket.count) }),
        ),
      );
    });
    const list = h('ul', { class: 'facet-values' }, items);
    const more = buckets.length > FACET_SHOWN
      ? h('button', {
        type: 'button',
        class: 'link more-values',
        text: `all ${buckets.length}`,
        onclick: (event) => {
          list.classList.toggle('all');
          event.target.textContent = list.classList.contains('all') ? 'fewer' : `all ${buckets.length}`;
        },
      })
      : null;
    return h(
      'section',
      { class: 'facet', 'data-facet': facet.name },
      h('h3', { text: facet.title }),
      items.length ? list : h('p', { class: 'empty', text: 'none' }),
      more,
    );
  });
  $('facet-list').replaceChildren(...sections);
}

function isSelected(facet, key) {
  if (facet.kind) return state.chips.some((c) => c.kind === facet.kind && c.id === key);
  if (facet.name === 'languages') return state.languages.includes(key);
  if (facet.name === 'months') return state.month === key;
  return state.review.includes(key);
}

function toggleFacet(facet, bucket) {
  update((s) => {
    s.open = null;
    if (facet.kind) {
      const at = s.chips.findIndex((c) => c.kind === facet.kind && c.id === bucket.key);
      if (at >= 0) s.chips.splice(at, 1);
      else s.chips.push({ kind: facet.kind, id: bucket.key, label: bucket.label });
    } else if (facet.name === 'languages') {
      s.languages = s.languages.includes(bucket.key)
        ? s.languages.filter((l) => l !== bucket.key)
        : [...s.languages, bucket.key];
    } else if (facet.name === 'months') {
      s.month = s.month === bucket.key ? null : bucket.key;
    } else {
      s.review = s.review.includes(bucket.key)
        ? s.review.filter((r) => r !== bucket.key)
        : [...s.review, bucket.key];
    }
  });
}

// ---------------------------------------------------------------- cards

let cards = []; // the statements shown, in order
let nextCursor = null;

function renderCards(append) {
  const list = $('cards');
  if (!append) list.replaceChildren();
  if (!cards.length) {
    list.replaceChildren(h('li', { class: 'empty', text: 'No statement matches all of these filters: take one away, or try other words.' }));
  }
  const shown = list.querySelectorAll('.card').length;
  list.append(...cards.slice(shown).map(card));
  $('more').hidden = !nextCursor;
}

function card(statement) {
  const element = h('li', { class: 'card', 'data-id': statement.id });
  fillCard(element, statement);
  return element;
}

function entityLink(kind, entity) {
  return h('button', {
    type: 'button',
    class: `link ${kind}`,
    title: `show only ${entity.name}'s statements`,
    text: entity.name,
    onclick: () => addChip({ kind, id: entity.id, label: entity.name }),
  });
}

function fillCard(element, statement) {
  const who = [];
  if (statement.speaker) who.push(entityLink('speaker', statement.speaker));
  else who.push(h('span', { class: 'unknown', text: 'speaker unknown' }));
  if (statement.organization) who.push(h('span', { class: 'sep', text: ' · ' }), entityLink('organization', statement.organization));
  const utterance = statement.utterance;
  const names = utterance.outlets.length ? utterance.outlets : [statement.document.outlet?.name].filter(Boolean);
  // Each outlet a link to what it carried.
  const outlets = names.length
    ? names.flatMap((name, i) => [i ? ', ' : '', h('button', {
      type: 'button',
      class: 'link outlet',
      title: `only what ${name} carried`,
      text: name,
      onclick: () => update((s) => {
        s.outlet = name;
        s.open = null;
      }),
    })])
    : ['an unknown outlet'];
  const carried = utterance.reportCount > 1
    ? [`${utterance.reportCount} reports (${utterance.languages.map(languageName).join(', ')}): `, ...outlets]
    : ['reported by ', ...outlets];
  const stances = statement.stances.map((stance) => h('li', {}, h('button', {
    type: 'button',
    class: `stance ${stance.position.toLowerCase()}`,
    title: `${stance.proposition.textEn}: who is for and against`,
    text: `${stance.position.toLowerCase()}: ${stance.proposition.textEn}`,
    onclick: () => {
      update((s) => (s.proposition = stance.proposition.key));
      $('stance-panel').scrollIntoView({ block: 'start' });
    },
  })));
  const parts = [
    h('p', { class: 'who' }, who),
    h('blockquote', { lang: statement.language, text: statement.text }),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: 'date', text: statement.dated ? statement.dated.iso : 'undated' }),
      h('span', { class: 'how', text: KIND_LABELS[statement.kind] || statement.kind }),
      h('span', { class: 'confidence', title: 'confidence', text: `confidence ${statement.confidence.toFixed(2)}` }),
      h('span', { class: `review ${statement.reviewStatus.toLowerCase()}`, text: statement.reviewStatus.toLowerCase() }),
    ),
    statement.topics.length
      ? h('ul', { class: 'topics' }, statement.topics.map((topic) => h('li', {}, h('button', {
        type: 'button',
        class: 'tag',
        title: `${topic.labelRu}: show only this topic`,
        text: topic.labelEn,
        onclick: () => addChip({ kind: 'topic', id: topic.slug, label: topic.labelEn }),
      }))))
      : null,
    stances.length ? h('ul', { class: 'stances' }, stances) : null,
    h('p', { class: 'carried' }, carried.filter((part) => part !== '')),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        class: 'open',
        text: 'Read in article',
        'aria-label': `read in its article: ${statement.document.title}`,
        onclick: () => openStatement(statement.id),
      }),
      h('span', { class: 'source', text: statement.document.title }),
    ),
    reviewTools(element, statement),
  ];
  element.replaceChildren(...parts.filter(Boolean));
}

// ---------------------------------------------------------------- review

function reviewTools(element, statement) {
  if (!hasEditorKey()) return null;
  const status = h('p', { class: 'review-status', role: 'status' });
  const report = (error) => {
    status.className = 'review-status error';
    status.textContent = error instanceof ApiError
      ? `${error.code}: ${error.message}${error.code === 'CONFLICT' ? ' (reload to see the current version)' : ''}`
      : String(error);
  };
  const apply = (changes) => {
    Object.assign(statement, changes);
    fillCard(element, statement);
    const done = element.querySelector('.review-status');
    if (done) {
      done.className = 'review-status ok';
      done.textContent = `saved: version ${statement.version}`;
    }
  };
  const review = (reviewStatus) => async () => {
    try {
      const data = await run('review', { id: statement.id, status: reviewStatus }, { editor: true });
      apply(data.reviewStatement);
    } catch (error) {
      report(error);
    }
  };
  const speakerInput = h('input', {
    type: 'text',
    class: 'speaker-input',
    placeholder: 'new speaker’s name',
    'aria-label': 'new speaker’s name',
  });
  const choices = h('ul', { class: 'speaker-choices' });
  let timer = null;
  speakerInput.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const name = speakerInput.value.trim();
      if (name.length < 2) {
        choices.replaceChildren();
        return;
      }
      try {
        const data = await run('resolve', { name });
        choices.replaceChildren(...data.resolve
          .filter((m) => m.entity.__typename === 'Speaker')
          .slice(0, 5)
          .map((m) => h('li', {}, h('button', {
            type: 'button',
            class: 'tag',
            text: m.entity.name,
            onclick: async () => {
              try {
                const answer = await run('correctSpeaker', {
                  id: statement.id,
                  speaker: m.entity.id,
                  expectedVersion: statement.version,
                }, { editor: true });
                apply(answer.updateStatement);
              } catch (error) {
                report(error);
              }
            },
          }))));
      } catch (error) {
        report(error);
      }
    }, SUGGEST_DELAY_MS);
  });
  return h(
    'div',
    { class: 'review-tools' },
    h('button', { type: 'button', class: 'confirm', text: 'Confirm', onclick: review('CONFIRMED') }),
    h('button', { type: 'button', class: 'reject', text: 'Reject', onclick: review('REJECTED') }),
    h('details', { class: 'correct' }, h('summary', { text: 'Correct the speaker' }), speakerInput, choices),
    status,
  );
}

// ---------------------------------------------------------------- the article

async function openArticle(id) {
  const dialog = $('article');
  $('article-title').textContent = 'Loading…';
  $('article-meta').textContent = '';
  $('article-body').replaceChildren();
  $('article-reports').hidden = true;
  if (!dialog.open) dialog.showModal();
  try {
    const data = await run('article', { id });
    const statement = data.node;
    if (!statement) throw new Error('this statement is no longer there');
    const document_ = statement.document;
    $('article-title').textContent = document_.title;
    $('article-meta').replaceChildren(
      [document_.outlet?.name, document_.published?.iso, languageName(document_.language)].filter(Boolean).join(' · '),
      document_.url ? h('span', { class: 'url', text: ` · ${document_.url}` }) : '',
    );
    // Spans count code points, as Array.from splits a string.
    const body = Array.from(document_.body);
    const { start, end } = statement.span;
    const mark = h('mark', { id: 'highlight', text: body.slice(start, end).join('') });
    $('article-body').setAttribute('lang', document_.language);
    $('article-body').replaceChildren(body.slice(0, start).join(''), mark, body.slice(end).join(''));
    // Scrolled within the article only: the page behind stays where it was.
    const article = $('article-body');
    article.scrollTop = Math.max(0, mark.offsetTop - article.clientHeight / 3);
    renderReports(statement);
  } catch (error) {
    $('article-title').textContent = 'Could not open the article';
    $('article-meta').textContent = error.message;
  }
}

/** The other reports of the opened statement's utterance, each opening in its own article. */
function renderReports(statement) {
  const others = (statement.utterance?.statements.nodes || []).filter((other) => other.id !== statement.id);
  $('article-reports').hidden = others.length === 0;
  $('article-reports-list').replaceChildren(...others.map((other) => {
    const source = [other.document.outlet?.name, other.document.published?.iso, languageName(other.language)].filter(Boolean).join(' · ');
    return h('li', {}, h(
      'button',
      { type: 'button', class: 'link report', onclick: () => openStatement(other.id) },
      h('span', { class: 'source', text: `${source}: ${other.document.title}` }),
      h('span', { text: other.text }),
    ));
  }));
}

/** Opens a statement in its article, and says so in the URL. */
function openStatement(id) {
  update((s) => (s.open = id), { reload: false });
  openArticle(id);
}

function closeArticle() {
  if ($('article').open) $('article').close();
}

// ---------------------------------------------------------------- the timeline

let propositions = [];

async function loadTimeline(filter, signal) {
  let months;
  let series;
  let caption = null;
  if (state.split === 'STANCE') {
    const key = state.proposition || propositions[0]?.key;
    if (!key) return;
    const on = (position) => ({ ...filter, stance: { proposition: key, position } });
    const data = await run('stanceTimeline', { for: on('FOR'), against: on('AGAINST'), neutral: on('NEUTRAL') }, { signal });
    const positions = [['for', 'for', 2], ['against', 'against', 4], ['neutral', 'neutral', 7]];
    const byMonth = new Map();
    for (const [field, , id] of positions) {
      for (const bucket of data[field] || []) {
        if (!bucket.key) continue;
        const month = byMonth.get(bucket.key) || { key: bucket.key, count: 0, parts: [] };
        month.count += bucket.count;
        month.parts.push({ series: id, count: bucket.count });
        byMonth.set(bucket.key, month);
      }
    }
    months = chronological([...byMonth.values()]);
    caption = `Stance on: ${propositions.find((p) => p.key === key)?.textEn || key}`;
    series = positions.map(([, label, id]) => ({ id, label }));
  } else if (state.split === 'NONE') {
    const data = await run('timeline', { filter, split: null }, { signal });
    months = chronological(data.statementCounts || []).map((month) => ({
      key: month.key,
      count: month.count,
      parts: [{ series: 0, count: month.count }],
    }));
    series = [{ id: 0, label: 'statements' }];
  } else {
    // The server keeps the largest series (colours s0 on); what a month
    // holds beyond them is "other" (s6), the statements with no value grey
    // (s7).
    const data = await run('timeline', { filter, split: state.split, top: MAX_SERIES - 1 }, { signal });
    const buckets = chronological(data.statementCounts || []);
    const totals = new Map();
    for (const month of buckets) {
      for (const part of month.breakdown || []) {
        const id = part.key || '';
        const entry = totals.get(id) || { label: part.label, count: 0 };
        entry.count += part.count;
        totals.set(id, entry);
      }
    }
    const ranked = [...totals.entries()].filter(([id]) => id !== '').sort((a, b) => b[1].count - a[1].count);
    const index = new Map(ranked.map(([id], i) => [id, i]));
    const other = MAX_SERIES - 1;
    const none = MAX_SERIES;
    if (totals.has('')) index.set('', none);
    const labelOf = (id, entry) => {
      if (state.split === 'KIND') return KIND_LABELS[id] || entry.label;
      if (state.split === 'LANGUAGE') return languageName(id);
      return entry.label;
    };
    series = ranked.map(([id, entry], i) => ({ id: i, label: labelOf(id, entry) }));
    let beyond = false;
    months = buckets.map((month) => {
      const parts = new Map();
      let shown = 0;
      for (const part of month.breakdown || []) {
        parts.set(index.get(part.key || ''), part.count);
        shown += part.count;
      }
      // By topic a statement counts under each of its topics, so the parts
      // can add up to more than the month: nothing is "other" then.
      if (month.count > shown) {
        parts.set(other, month.count - shown);
        beyond = true;
      }
      return {
        key: month.key,
        count: Math.max(month.count, shown),
        parts: [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([id, count]) => ({ series: id, count })),
      };
    });
    if (beyond) series.push({ id: other, label: 'other' });
    if (totals.has('')) series.push({ id: none, label: totals.get('').label });
  }
  lastTimeline = { months, series, caption };
  redrawTimeline();
}

/** What the timeline last drew, to draw again at another width. */
let lastTimeline = null;

function redrawTimeline() {
  if (!lastTimeline) return;
  const { months, series, caption } = lastTimeline;
  const container = $('timeline-chart');
  drawTimeline(container, months, series, (month) => update((s) => {
    s.month = month;
    s.open = null;
  }));
  if (caption) container.prepend(h('p', { class: 'caption', text: caption }));
}

// ---------------------------------------------------------------- for and against

async function loadPropositions() {
  try {
    propositions = (await run('propositions', {})).propositions;
  } catch {
    propositions = [];
  }
  const select = $('proposition');
  select.replaceChildren(
    h('option', { value: '', text: 'Choose a proposition…' }),
    ...propositions.map((p) => {
      const counts = Object.fromEntries(p.stanceCounts.map((c) => [c.position, c.count]));
      return h('option', { value: p.key, text: `${p.textEn} (${counts.FOR || 0} for, ${counts.AGAINST || 0} against)` });
    }),
  );
  select.value = state.proposition || '';
}

async function loadSides(filter, signal) {
  const target = $('sides-result');
  if (!state.proposition) {
    target.replaceChildren(h('p', { class: 'empty', text: 'Pick a proposition to see the speakers on each side, within the current filter.' }));
    return;
  }
  const data = await run('sides', { key: state.proposition, filter }, { signal });
  const proposition = data.proposition;
  if (!proposition) {
    target.replaceChildren(h('p', { class: 'empty', text: 'No such proposition.' }));
    return;
  }
  const side = (title, className, connection) => {
    const bySpeaker = new Map();
    for (const statement of connection.nodes) {
      const key = statement.speaker?.id || statement.organization?.id || '';
      const entry = bySpeaker.get(key) || { statement, statements: [] };
      entry.statements.push(statement);
      bySpeaker.set(key, entry);
    }
    const people = [...bySpeaker.values()].sort((a, b) => b.statements.length - a.statements.length);
    return h(
      'section',
      { class: `side ${className}` },
      h('h3', { text: `${title} (${connection.totalCount})` }),
      people.length
        ? h('ul', {}, people.map(({ statement, statements }) => h(
          'li',
          { class: 'person' },
          statement.speaker
            ? entityLink('speaker', statement.speaker)
            : statement.organization ? entityLink('organization', statement.organization) : h('span', { class: 'unknown', text: 'speaker unknown' }),
          h('ul', { class: 'said' }, statements.map((s) => h('li', {}, h('button', {
            type: 'button',
            class: 'quote',
            title: 'read in its article',
            text: `${s.dated ? `${s.dated.iso}: ` : ''}${s.text}`,
            onclick: () => openStatement(s.id),
          })))),
        )))
        : h('p', { class: 'empty', text: 'nobody, within this filter' }),
    );
  };
  target.replaceChildren(
    h('p', { class: 'proposition-text' }, h('strong', { text: proposition.textEn }), h('span', { lang: 'ru', text: ` / ${proposition.textRu}` })),
    h('div', { class: 'sides' }, side('For', 'for', proposition.for), side('Against', 'against', proposition.against)),
  );
}

// ---------------------------------------------------------------- loading

let loadAbort = null;

function showError(error) {
  if (error.name === 'AbortError') return;
  const message = error instanceof ApiError ? `${error.message} (${error.code})` : error.message;
  const suggestionsOf = error.extensions?.suggestions;
  $('notice').textContent = suggestionsOf ? `${message}; did you mean ${suggestionsOf.join(', ')}?` : message;
  $('notice').hidden = false;
}

/** Loads what the view shows: the cards, the facets, the timeline and the sides, one request each. */
async function load() {
  renderChrome();
  if (loadAbort) loadAbort.abort();
  loadAbort = new AbortController();
  const { signal } = loadAbort;
  const filter = filterOf(state);
  $('notice').hidden = true;
  document.body.classList.add('loading');
  const started = performance.now();
  const tasks = [
    run('statements', { filter, first: PAGE_SIZE }, { signal }).then((data) => {
      const connection = data.statements;
      cards = connection.nodes;
      nextCursor = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      $('count').textContent = `${connection.totalCount} statement${connection.totalCount === 1 ? '' : 's'}`;
      renderCards(false);
    }),
    run('facets', facetFilters(), { signal, partial: showError }).then(renderFacets),
    loadTimeline(filter, signal),
    loadSides(filter, signal),
  ];
  const results = await Promise.allSettled(tasks);
  if (signal.aborted) return;
  for (const result of results) if (result.status === 'rejected') showError(result.reason);
  document.body.classList.remove('loading');
  document.body.dataset.loadedIn = String(Math.round(performance.now() - started));
  document.body.dataset.ready = 'true';
  if (state.open) openArticle(state.open);
  else closeArticle();
}

async function loadMore() {
  if (!nextCursor) return;
  try {
    const data = await run('statements', { filter: filterOf(state), first: PAGE_SIZE, after: nextCursor });
    cards = cards.concat(data.statements.nodes);
    nextCursor = data.statements.pageInfo.hasNextPage ? data.statements.pageInfo.endCursor : null;
    renderCards(true);
  } catch (error) {
    showError(error);
  }
}

// ---------------------------------------------------------------- start

function start() {
  const search = $('search');
  search.addEventListener('input', scheduleSuggestions);
  search.addEventListener('keydown', onSearchKey);
  search.addEventListener('blur', () => setTimeout(() => showSuggestions([]), 150));
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    submitSearch();
  });
  $('clear').addEventListener('click', () => update((s) => Object.assign(s, emptyState(), { split: s.split, proposition: s.proposition })));
  $('from').addEventListener('change', (event) => update((s) => (s.from = event.target.value || null)));
  $('to').addEventListener('change', (event) => update((s) => (s.to = event.target.value || null)));
  $('split').addEventListener('change', (event) => update((s) => (s.split = event.target.value)));
  $('proposition').addEventListener('change', (event) => update((s) => (s.proposition = event.target.value || null)));
  $('more').addEventListener('click', loadMore);
  $('article-close').addEventListener('click', closeArticle);
  $('article').addEventListener('close', () => {
    if (state.open) update((s) => (s.open = null), { reload: false });
  });
  $('editor-key').addEventListener('input', (event) => {
    const had = hasEditorKey();
    setEditorKey(event.target.value);
    if (had === hasEditorKey()) return;
    renderChrome();
    renderCards(false);
  });
  if (matchMedia('(max-width: 760px)').matches) $('facets').open = false;
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(redrawTimeline, 150);
  });
  // "/" anywhere but in a field goes to the search box, as on many sites.
  document.addEventListener('keydown', (event) => {
    const typing = event.target.closest('input, select, textarea, [contenteditable]');
    if (event.key === '/' && !typing && !$('article').open) {
      event.preventDefault();
      $('search').focus();
    }
  });
  window.addEventListener('popstate', () => {
    state = stateFromUrl();
    load();
  });
  state = stateFromUrl();
  loadPropositions().then(() => {
    // The stance split needs the propositions first.
    if (state.split === 'STANCE') load();
  });
  load();
}

start();
