import { barChartSvg } from './bar-chart';

describe('barChartSvg', () => {
  it('draws one bar per value with its text, a legend with patterns, and a description', () => {
    const svg = barChartSvg('Money by country', ['Awarded', 'Released', 'Reported spent'], [
      { label: 'CD', values: [6300, 3000, 1000], texts: ['$6,300', '$3,000', '$1,000'] },
      { label: 'IQ <x>', values: [4000, 0, 0], texts: ['$4,000', '$0', '$0'] },
    ]);
    expect(svg.match(/<rect x="96"/g)).toHaveLength(6);
    expect(svg).toContain('url(#hatch)');
    expect(svg).toContain('>$6,300</text>');
    expect(svg).toContain('CD: Awarded $6,300, Released $3,000, Reported spent $1,000');
    expect(svg).toContain('IQ &lt;x&gt;');
    expect(svg).not.toMatch(/<script/);
  });
});
