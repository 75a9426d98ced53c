import { Platform1764400000000 } from './1764400000000-platform';
import { Ledger1764400100000 } from './1764400100000-ledger';
import { BankAccounts1764400150000 } from './1764400150000-bank-accounts';
import { Contributions1764400200000 } from './1764400200000-contributions';
import { GrantsReserve1764400300000 } from './1764400300000-grants-reserve';
import { Reconciliation1764400400000 } from './1764400400000-reconciliation';
import { OpeningImportKey1764400500000 } from './1764400500000-opening-import-key';
import { PeopleAndSessions1764400600000 } from './1764400600000-people-and-sessions';
import { BankStatementFormats1764400700000 } from './1764400700000-bank-statement-formats';
import { MemberYearFigures1764400800000 } from './1764400800000-member-year-figures';
import { SignOffBySignedInPeople1764400900000 } from './1764400900000-sign-off-by-signed-in-people';
import { DailyBalanceRollups1764401000000 } from './1764401000000-daily-balance-rollups';
import { BankMatchBulkCheck1764401400000 } from './1764401400000-bank-match-bulk-check';
import { BankMatchItemReferences1764401700000 } from './1764401700000-bank-match-item-references';
import { StatementLineStatementCheck1764401800000 } from './1764401800000-statement-line-statement-check';

/** Every migration, in order. Listed explicitly so the same list works compiled and under jest. */
export const MIGRATIONS = [Platform1764400000000, Ledger1764400100000, BankAccounts1764400150000, Contributions1764400200000, GrantsReserve1764400300000, Reconciliation1764400400000, OpeningImportKey1764400500000, PeopleAndSessions1764400600000, BankStatementFormats1764400700000, MemberYearFigures1764400800000, SignOffBySignedInPeople1764400900000, DailyBalanceRollups1764401000000, BankMatchBulkCheck1764401400000, BankMatchItemReferences1764401700000, StatementLineStatementCheck1764401800000];
