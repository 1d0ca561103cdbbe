/** One point of a domain's progress: when, and the maturity reached (1-4), or null if not rated. */
export interface ProgressPoint {
  label: string;
  maturity: number | null;
}

const WIDTH = 320;
const HEIGHT = 140;
const LEFT = 28;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 28;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A small server-rendered line chart of maturity over time (1 nascent ... 4 mature), readable
 * without colour: every point carries its value as text, the scale is labelled, and the chart has a
 * title and a text description for screen readers. No script, no external resources.
 */
export function progressChartSvg(title: string, levelLabels: [string, string, string, string], points: ProgressPoint[]): string {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (index: number) => LEFT + (points.length <= 1 ? plotWidth / 2 : (plotWidth * index) / (points.length - 1));
  const y = (maturity: number) => TOP + plotHeight - ((maturity - 1) / 3) * plotHeight;
  const rated = points.map((p, index) => ({ ...p, index })).filter((p): p is ProgressPoint & { index: number; maturity: number } => p.maturity !== null);
  const description = rated.map((p) => `${p.label}: ${p.maturity.toFixed(1)}`).join('; ') || '—';
  const grid = [1, 2, 3, 4]
    .map((level) => `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(level)}" y2="${y(level)}" stroke="#ccc" stroke-dasharray="2 3"/><text x="${LEFT - 6}" y="${y(level) + 4}" text-anchor="end" font-size="10">${level}</text>`)
    .join('');
  const line = rated.length > 1 ? `<polyline fill="none" stroke="#4a1d6b" stroke-width="2" points="${rated.map((p) => `${x(p.index)},${y(p.maturity)}`).join(' ')}"/>` : '';
  const marks = rated
    .map((p) => `<circle cx="${x(p.index)}" cy="${y(p.maturity)}" r="4" fill="#4a1d6b"/><text x="${x(p.index)}" y="${y(p.maturity) - 7}" text-anchor="middle" font-size="10" font-weight="bold">${p.maturity.toFixed(1)}</text>`)
    .join('');
  const labels = points.map((p, index) => `<text x="${x(index)}" y="${HEIGHT - 10}" text-anchor="middle" font-size="9">${escape(p.label)}</text>`).join('');
  const legend = `${escape(levelLabels[0])} (1) … ${escape(levelLabels[3])} (4)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="t d">`,
    `<title id="t">${escape(title)}</title><desc id="d">${escape(`${legend}. ${description}`)}</desc>`,
    grid,
    line,
    marks,
    labels,
    '</svg>',
  ].join('');
}
