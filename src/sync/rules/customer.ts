import { z } from 'zod';

/** Where a helpdesk customer was found in the ERP, or why not. */
export type CustomerResolution =
  | { kind: 'found'; socid: number; contactId?: number; via: 'contact' | 'thirdparty-email' | 'domain' | 'phone' }
  | { kind: 'ambiguous'; candidates: Array<{ socid: number; name: string }> }
  | { kind: 'unknown' }
  | { kind: 'created'; socid: number; contactId: number };

/** A helpdesk customer as the rules read it; validated before any look-up. */
export const customerInputSchema = z.object({
  email: z.string().trim().max(320).optional(),
  phone: z.string().trim().max(60).optional(),
  name: z.string().trim().max(255).optional(),
  company: z.string().trim().max(255).optional(),
});
export type CustomerInput = z.infer<typeof customerInputSchema>;
