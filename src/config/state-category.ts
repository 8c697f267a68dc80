import { z } from 'zod';

/** The normalized ticket state categories every helpdesk state maps to. */
export const STATE_CATEGORIES = ['new', 'open', 'waiting_customer', 'pending', 'resolved', 'closed', 'merged', 'removed'] as const;
export const stateCategorySchema = z.enum(STATE_CATEGORIES);
export type StateCategory = z.infer<typeof stateCategorySchema>;
