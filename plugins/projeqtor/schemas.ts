import { z } from 'zod';

/** Every value ProjeQtor returns is a string; ids are digits, "" stands for null (recorded). */
const digits = z.string().regex(/^\d+$/, 'must be a numeric id');
const flag = z.enum(['0', '1']);
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be "YYYY-MM-DD HH:MM:SS"');

/** `{"identifier":"id","items":[...]}`, the shape of every read and write answer. */
export const itemsBodySchema = z.object({ items: z.array(z.unknown()) }).passthrough();

export const ticketRowSchema = z
  .object({
    id: digits,
    reference: z.string(),
    name: z.string(),
    idProject: z.string(),
    idStatus: digits,
    nameStatus: z.string(),
    externalReference: z.string(),
    lastUpdateDateTime: localDateTime,
  })
  .passthrough();
export type TicketRow = z.infer<typeof ticketRowSchema>;

export const statusRowSchema = z
  .object({
    id: digits,
    name: z.string(),
    setHandledStatus: flag,
    setDoneStatus: flag,
    setIdleStatus: flag,
    setCancelledStatus: flag,
  })
  .passthrough();
export type StatusRow = z.infer<typeof statusRowSchema>;

export const projectRowSchema = z.object({ id: digits, name: z.string() }).passthrough();

/** One item of a write answer: the result, its message (may hold HTML), then the object re-read. */
export const writeResultSchema = z.object({ apiResult: z.enum(['OK', 'NO_CHANGE', 'INVALID', 'ERROR']), apiResultMessage: z.string() }).passthrough();
export type WriteResult = z.infer<typeof writeResultSchema>;
