import { countryName } from './countries';

describe('countryName', () => {
  it.each<[string, string, string]>([
    ['BLZ', 'Belice', 'Belize'],
    ['CAN', 'Canadá', 'Canada'],
    ['CRI', 'Costa Rica', 'Costa Rica'],
    ['SLV', 'El Salvador', 'El Salvador'],
    ['USA', 'Estados Unidos', 'United States of America'],
    ['GTM', 'Guatemala', 'Guatemala'],
    ['HND', 'Honduras', 'Honduras'],
    ['MEX', 'México', 'Mexico'],
    ['NIC', 'Nicaragua', 'Nicaragua'],
    ['PAN', 'Panamá', 'Panama'],
    ['DOM', 'República Dominicana', 'Dominican Republic'],
  ])('%s → %s / %s', (code, es, en) => {
    expect(countryName(code, 'es')).toBe(es);
    expect(countryName(code, 'en')).toBe(en);
  });

  it('returns an unknown code as is', () => {
    expect(countryName('SICA', 'es')).toBe('SICA');
  });
});
