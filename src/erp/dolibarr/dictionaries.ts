import { z } from 'zod';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { dictionaryEntrySchema } from './schemas';
import type { DolDictionaryEntry } from './types';

/** The ticket dictionaries (types, categories, severities); read-only through the API. */

export type TicketDictionary = 'ticket_types' | 'ticket_categories' | 'ticket_severities';

export function dictionary(core: DolibarrCore, name: TicketDictionary): Promise<DolDictionaryEntry[]> {
  return collect(core.list({ method: 'GET', path: `/setup/dictionary/${name}`, schema: z.array(dictionaryEntrySchema) }, DEFAULT_PAGE_SIZE));
}
