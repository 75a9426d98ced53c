import { findReservedKeys } from './reserved-keys';

describe('findReservedKeys', () => {
  it.each([
    ['a plain body', '{"a":{"b":[{"c":"d"}]},"toString":"x","isPrototypeOf":"y"}', []],
    ['__proto__ at the top', '{"__proto__":{"admin":true}}', ['__proto__']],
    ['constructor in metadata', '{"metadata":{"advice":"A","constructor":"x"}}', ['metadata.constructor']],
    ['prototype inside an array item', '{"lines":[{"a":1},{"prototype":{}}]}', ['lines[1].prototype']],
    ['several, deep', '{"x":{"y":{"__proto__":1}},"constructor":2}', ['x.y.__proto__', 'constructor']],
    ['a top-level array', '[{"__proto__":1}]', ['[0].__proto__']],
  ])('%s', (_name, json, fields) => {
    expect(findReservedKeys(JSON.parse(json) as unknown).map((f) => f.field)).toEqual(fields);
  });

  it('names nothing in values that are not objects', () => {
    for (const value of [undefined, null, 'constructor', 42, true]) expect(findReservedKeys(value)).toEqual([]);
  });
});
