import escapeHtml from 'escape-html';

export interface Bar {
  label: string;
  value: number;
}

/**
 * A horizontal bar chart as inline SVG: readable without scripts, prints crisply, and carries its
 * numbers as text so colour is never the only cue.
 */
export function barChart(title: string, bars: readonly Bar[], scaleMax?: number): string {
  const labelWidth = 170;
  const barWidth = 260;
  const rowHeight = 22;
  const top = 28;
  const height = top + Math.max(1, bars.length) * rowHeight + 8;
  const width = labelWidth + barWidth + 60;
  const max = scaleMax ?? Math.max(1, ...bars.map((bar) => bar.value));
  const rows = bars
    .map((bar, index) => {
      const y = top + index * rowHeight;
      const length = Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / max) * barWidth));
      const label = bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label;
      return (
        `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${length}" height="14" rx="2" fill="#3e5c9a"></rect>` +
        `<text x="${labelWidth + length + 6}" y="${y + 15}">${bar.value}</text>`
      );
    })
    .join('');
  const empty = bars.length === 0 ? `<text x="${labelWidth}" y="${top + 15}">no data</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" font-family="Arial, sans-serif" font-size="12" fill="#1d2433"><title>${escapeHtml(title)}</title><text x="0" y="16" font-weight="700" font-size="13">${escapeHtml(title)}</text>${rows}${empty}</svg>`;
}
