import { progressChartSvg } from './progress-chart';

describe('progressChartSvg', () => {
  const levels: [string, string, string, string] = ['nascent', 'emerging', 'expanding', 'mature'];

  it('draws the rated points with their values as text, a title and a description', () => {
    const svg = progressChartSvg('Data protection', levels, [
      { label: 'Jan 2027', maturity: 2 },
      { label: 'Feb 2027', maturity: 3.2 },
    ]);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="t">Data protection</title>');
    expect(svg).toContain('Jan 2027: 2.0; Feb 2027: 3.2');
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('<polyline');
    expect(svg).toContain('>3.2</text>');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('escapes labels and skips unrated points', () => {
    const svg = progressChartSvg('<b>Gov</b>', levels, [
      { label: 'A & B', maturity: null },
      { label: 'C', maturity: 4 },
    ]);
    expect(svg).toContain('&lt;b&gt;Gov&lt;/b&gt;');
    expect(svg).toContain('A &amp; B');
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).not.toContain('<polyline');
  });
});
