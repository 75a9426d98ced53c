import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EntrySource } from '../domain/posting';
import { JournalRepository } from './journal.repository';

/** The journal entries posted for a domain record (a payment, a grant, a case…), named by source and id. */
@Injectable()
export class EntriesBySourceService {
  constructor(private readonly journal: JournalRepository) {}

  /** The first entry (in chain order) posted for the record, or null. */
  firstEntryId(m: EntityManager, source: EntrySource, sourceId: string): Promise<string | null> {
    return this.journal.firstIdBySource(m, source, sourceId);
  }
}
