import { Decimal } from 'decimal.js';
import { ValueTransformer } from 'typeorm';
import { Dec } from './dec';

/**
 * Maps PostgreSQL `numeric` columns to Decimal and back without ever passing through a JS number
 * (node-postgres already hands numeric over as a string; we keep it that way).
 *
 * `undefined` is passed through untouched rather than turned into null: TypeORM reads undefined
 * as "not set", which makes an INSERT use the column DEFAULT and an UPDATE leave the column
 * alone, and it runs `IsNull()` find operators through this transformer with an undefined value.
 *
 * Output is the canonical plain form ("0.1", never "0.10" or "1e-7"): TypeORM compares the
 * transformed entity value with the transformed database value to decide whether a column
 * changed, so both sides must spell the same number the same way. PostgreSQL pads to the column's
 * scale on storage, so "0.1" is stored as 0.10.
 */
export const decimalTransformer = {
  to(value: Decimal | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    // Guards the untyped paths (raw objects, query parameters) where a float or string could sneak in.
    if (!Decimal.isDecimal(value)) {
      throw new TypeError(`decimalTransformer.to expects a Decimal, got ${typeof value}`);
    }
    // PostgreSQL numeric accepts 'NaN' and 'Infinity'; neither is an amount.
    if (!value.isFinite())
      throw new RangeError(`cannot store non-finite value ${value.toString()} in a numeric column`);
    return value.toFixed();
  },

  from(value: string | null): Decimal | null {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') {
      // Someone registered a float parser for numeric (pg.types.setTypeParser): refuse, don't round.
      throw new TypeError(`decimalTransformer.from expects the numeric column as a string, got ${typeof value}`);
    }
    const d = new Dec(value);
    if (!d.isFinite()) throw new RangeError(`numeric column holds non-finite value '${value}'`);
    return d;
  },
} satisfies ValueTransformer;
