/** Looks of the PDF reports in one place: A4, navy headings, quiet rules, a colour-blind-safe palette. */
export const PDF_THEME = {
  margins: { top: 70, bottom: 58, left: 48, right: 48 },
  color: {
    primary: '#1F3864',
    text: '#1A1A1A',
    muted: '#5F6B7A',
    rule: '#B8C2CF',
    grid: '#DDE3EA',
    zebra: '#F3F6FA',
    headerFill: '#1F3864',
    headerText: '#FFFFFF',
    groupFill: '#E6ECF4',
    totalFill: '#DCE4EF',
    cardFill: '#F3F6FA',
  },
  size: {
    body: 9.5,
    note: 8,
    h1: 14,
    h2: 11.5,
    sectionTitle: 10.5,
    table: 8,
    tableMin: 6,
    chart: 7.5,
    header: 8,
    footer: 8,
  },
  table: { padX: 4, padY: 3.2 },
  /** Okabe–Ito inspired, darkened for print: distinguishable with the common colour-vision deficiencies. */
  palette: ['#1F4E79', '#E07B39', '#3C8D5A', '#8C6BB1', '#C9A227', '#4FA3D1', '#A23B3B', '#7F7F7F'],
} as const;

export function paletteColor(index: number): string {
  return PDF_THEME.palette[index % PDF_THEME.palette.length];
}
