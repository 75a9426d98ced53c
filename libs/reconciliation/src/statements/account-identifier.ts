/**
 * Whether a statement in a file is of a bank account: its identifier in the file (camt
 * `Acct/Id/IBAN` or `Othr/Id`, MT940 :25:) against the account's number, both compared without
 * spaces, dots, hyphens and slashes, in capitals. Banks write the same account differently, so it
 * also matches when the file writes
 * - `BIC/number` or `bank code/number` (MT940 :25:) and the number is the account's;
 * - the number followed by the account's currency (`NL…EUR`, as some banks write :25:);
 * - the national number (bank code and account, e.g. `37040044/0532013000`) and the account's
 *   number is the IBAN that holds it (`DE89370400440532013000`): the IBAN less its country and
 *   check digits.
 */
export function identifierMatches(identifier: string, accountNumber: string, currency: string): boolean {
  const wanted = compact(accountNumber);
  if (wanted === '') return false;
  const wantedForms = new Set([wanted]);
  if (IBAN.test(wanted)) wantedForms.add(wanted.slice(4));
  return candidates(identifier, currency).some((c) => wantedForms.has(c));
}

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/;

/** The forms of a file's identifier that may be the account's number. */
function candidates(identifier: string, currency: string): string[] {
  const upper = identifier.replace(/\s+/g, '').toUpperCase();
  const forms = [compact(upper)];
  const slash = upper.lastIndexOf('/');
  if (slash >= 0 && slash < upper.length - 1) forms.push(compact(upper.slice(slash + 1)));
  for (const form of [...forms]) {
    if (form.length > currency.length + 4 && form.endsWith(currency)) forms.push(form.slice(0, -currency.length));
  }
  return forms.filter((f) => f !== '');
}

/** The identifier as compared: no spaces, dots, hyphens or slashes; capitals. */
export function compact(value: string): string {
  return value.replace(/[\s./-]+/g, '').toUpperCase();
}

/** The distinct accounts among identifiers (compared as above), in the order first seen. */
export function distinctAccounts(identifiers: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const id of identifiers) {
    const key = compact(id);
    if (!seen.has(key)) seen.set(key, id);
  }
  return [...seen.values()];
}
