export interface BarGroup {
  label: string;
  /** Values in the same unit, drawn in order: e.g. awarded, released, reported spent. */
  values: number[];
  /** The values as text, printed beside each bar (the chart never relies on colour). */
  texts: string[];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Fill patterns that tell the series apart in black and white: solid, diagonal hatching, dots. */
const PATTERNS = `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#4a1d6b" stroke-width="3"/></pattern><pattern id="dots" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.3" fill="#4a1d6b"/></pattern></defs>`;
const FILLS = ['#4a1d6b', 'url(#hatch)', 'url(#dots)'];

/**
 * Grouped horizontal bars, server-rendered: a legend with the series' names and patterns, each bar
 * labelled with its value, a title and a description for screen readers. No script.
 */
export function barChartSvg(title: string, series: string[], groups: BarGroup[]): string {
  const width = 340;
  const labelWidth = 96;
  const barHeight = 10;
  const gap = 3;
  const groupHeight = series.length * (barHeight + gap) + 10;
  const top = 20 + 14;
  const height = top + groups.length * groupHeight + 4;
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const scale = (value: number) => Math.max(0, ((width - labelWidth - 70) * value) / max);
  const legend = series
    .map((name, index) => `<rect x="${index * 110}" y="4" width="12" height="10" fill="${FILLS[index % FILLS.length]}" stroke="#4a1d6b"/><text x="${index * 110 + 16}" y="13" font-size="10">${escape(name)}</text>`)
    .join('');
  const bars = groups
    .map((group, g) => {
      const y0 = top + g * groupHeight;
      const label = `<text x="0" y="${y0 + barHeight}" font-size="10">${escape(group.label.slice(0, 18))}</text>`;
      const rects = group.values
        .map((value, s) => {
          const y = y0 + s * (barHeight + gap);
          const w = scale(value);
          return `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${FILLS[s % FILLS.length]}" stroke="#4a1d6b" stroke-width="0.5"/><text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + barHeight - 1}" font-size="9">${escape(group.texts[s] ?? '')}</text>`;
        })
        .join('');
      return label + rects;
    })
    .join('');
  const description = groups.map((g) => `${g.label}: ${series.map((s, i) => `${s} ${g.texts[i] ?? ''}`).join(', ')}`).join('; ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="bt bd"><title id="bt">${escape(title)}</title><desc id="bd">${escape(description)}</desc>${PATTERNS}<g>${legend}</g>${bars}</svg>`;
}
