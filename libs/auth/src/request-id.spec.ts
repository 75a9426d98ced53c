import { acceptedRequestId } from './request-id';

describe('acceptedRequestId', () => {
  it.each([
    ['0b7c4a7e-5f0e-4c61-9d59-1d2b0a4f6e11'],
    ['batch-2005.payments_42'],
    ['a'],
    ['A'.repeat(64)],
  ])('keeps %s', (id) => {
    expect(acceptedRequestId(id)).toBe(id);
  });

  it.each([
    ['-2-3', 'a leading minus (a spreadsheet formula)'],
    ['=1+1', 'a formula'],
    ['+1', 'a leading plus'],
    ['@SUM(A1)', 'a leading @'],
    ['.hidden', 'a leading dot'],
    ['A'.repeat(65), '65 characters'],
    ['', 'nothing'],
    ['a b', 'a space'],
    ['a:b', 'a colon'],
    ['a\tb', 'a tab'],
    ['ñ', 'a letter outside ASCII'],
  ])('replaces %j (%s)', (id) => {
    expect(acceptedRequestId(id)).toBeUndefined();
  });

  it('replaces anything but a single string', () => {
    expect(acceptedRequestId(['a', 'b'])).toBeUndefined();
    expect(acceptedRequestId(undefined)).toBeUndefined();
  });
});
