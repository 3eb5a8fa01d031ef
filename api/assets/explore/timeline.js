// The timeline, drawn by hand as SVG: one stacked bar per month, each
// series (a speaker, an organization, a stance…) a band of its own colour
// (the classes s0…s7 of explore.css); a bar is a button that narrows the
// filter to its month.

// SVG's namespace, taken from an <svg> the HTML parser made (index.html's
// template), so that no URL-like string is written in the page's code.
const SVG = document.getElementById('chart-template').content.firstElementChild.namespaceURI;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * The colour classes run s0…s7: the largest series take s0 on, s6 is
 * "other" (the series beyond), s7 the statements with no value.
 */
export const MAX_SERIES = 7;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** `2022-01` → "Jan 2022"; `2022` (a year's bucket) → "2022, month unknown". */
export function monthLabel(key) {
  const [year, month] = key.split('-');
  return month ? `${MONTHS[Number(month) - 1]} ${year}` : `${year}, month unknown`;
}

/**
 * Months in calendar order, a year's bucket of statements dated only to the
 * year just after its months; the bucket of undated statements left out.
 */
export function chronological(buckets) {
  const order = (key) => (key.length === 4 ? `${key}-13` : key);
  return buckets.filter((b) => b.key).sort((a, b) => (order(a.key) < order(b.key) ? -1 : 1));
}

/**
 * Draws `months` ([{key, count, parts: [{series, count}]}], in order) into
 * `container`, with `series` ([{id, label}], in stacking order) as the
 * legend; `onPick(key)` is called when a month's bar is chosen.
 */
export function drawTimeline(container, months, series, onPick) {
  container.replaceChildren();
  if (!months.length) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = 'No dated statements for this filter.';
    container.append(empty);
    return;
  }
  const height = 220;
  const top = 18;
  const bottom = 40;
  const left = 36;
  // The bars share the width there is, within bounds: thin for years of
  // months (the chart then scrolls), never wider than a thumb.
  const available = Math.max(280, container.clientWidth || 640);
  const slot = Math.max(34, Math.min(200, (available - left - 8) / months.length));
  const width = left + slot * months.length + 8;
  const max = Math.max(...months.map((m) => m.count));
  const scale = (height - top - bottom) / max;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    role: 'group',
    'aria-label': 'Statements by month',
    width: String(width),
    height: String(height),
    preserveAspectRatio: 'xMinYMin meet',
  });
  chart.dataset.width = String(width);

  // The value axis: a few round steps.
  const step = Math.max(1, Math.ceil(max / 4));
  for (let value = 0; value <= max; value += step) {
    const y = height - bottom - value * scale;
    chart.append(svg('line', { x1: left - 4, x2: width, y1: y, y2: y, class: 'grid' }));
    chart.append(svg('text', { x: left - 8, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(value)));
  }

  months.forEach((month, index) => {
    const barWidth = Math.min(slot * 0.6, 72);
    const x = left + index * slot + (slot - barWidth) / 2;
    const bar = svg('g', {
      class: 'bar',
      tabindex: '0',
      role: 'button',
      'data-month': month.key,
      'aria-label': `${monthLabel(month.key)}: ${month.count} statements; show only this month`,
    });
    bar.append(svg('title', {}, `${monthLabel(month.key)}: ${month.count}`));
    let y = height - bottom;
    for (const part of month.parts) {
      const h = part.count * scale;
      y -= h;
      bar.append(svg('rect', { x, y, width: barWidth, height: Math.max(h, 0.5), class: `s${part.series}` }));
    }
    bar.append(svg('text', { x: x + barWidth / 2, y: y - 4, class: 'count', 'text-anchor': 'middle' }, String(month.count)));
    const [year, number] = month.key.split('-');
    bar.append(svg('text', { x: x + barWidth / 2, y: height - bottom + 16, class: 'axis', 'text-anchor': 'middle' },
      number ? MONTHS[Number(number) - 1] : year));
    bar.append(svg('text', { x: x + barWidth / 2, y: height - bottom + 30, class: 'axis', 'text-anchor': 'middle' },
      number ? year : '(no month)'));
    // A transparent hit area covering the whole column.
    bar.append(svg('rect', { x: left + index * slot + slot * 0.05, y: top, width: slot * 0.9, height: height - top - bottom, class: 'hit' }));
    bar.addEventListener('click', () => onPick(month.key));
    bar.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onPick(month.key);
      }
    });
    chart.append(bar);
  });

  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const entry of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch s${entry.id}`;
    item.append(swatch, entry.label);
    legend.append(item);
  }
  container.append(chart, legend);
}
