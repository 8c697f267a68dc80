import { z } from 'zod';
import { InvalidRequestError } from '../../src/plugin-sdk';
import { DolibarrCore } from '../../src/erp/dolibarr/core';
import { postAction } from '../../src/erp/dolibarr/document-lines';
import { SYSTEM } from '../../src/erp/dolibarr/error-mapping';
import { HttpTransport } from '../../src/erp/dolibarr/http-transport';
import { AdaptiveLimiter } from '../../src/erp/dolibarr/limiter';
import { DEFAULT_PAGE_SIZE } from '../../src/erp/dolibarr/pagination';
import { actionResult, createdId, unixSeconds } from '../../src/erp/dolibarr/schema-primitives';
import { invoiceSchema, proposalSchema, userSchema } from '../../src/erp/dolibarr/schemas';
import { transition } from '../../src/erp/dolibarr/transition';
import type { DolUser } from '../../src/erp/dolibarr/types';
import { getLogger } from '../../src/logging/logger';

const CLOSED_AS: Record<number, string> = { 2: 'signed', 3: 'refused', 4: 'signed and billed' };

export interface NewAgendaEvent {
  label: string;
  note: string;
  typeCode: string;
  userOwnerId: number;
  ticketId?: number;
  socid?: number;
  datep: Date;
}

/**
 * What a Dolibarr user does by hand through the same REST API (signs a quote, validates an invoice, writes an agenda
 * event, deletes a ticket), for tests that play that user against recorded answers or a real Dolibarr. The bridge
 * itself never does these, so they are not part of its client.
 */
export class ErpUser {
  private readonly core: DolibarrCore;

  constructor(config: { url: string; apiKey: string; timeoutMs?: number; caller?: string }) {
    const logger = getLogger('erp-user');
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    this.core = new DolibarrCore({
      transport: new HttpTransport({ url: config.url, apiKey: config.apiKey, timeoutMs: config.timeoutMs ?? 15_000 }, logger),
      limiter: new AdaptiveLimiter({ maxConcurrency: 4, sleep }),
      policy: { maxRetries: 0, baseMs: 100, maxMs: 1000 },
      sleep,
      random: Math.random,
      logger,
      caller: config.caller ?? 'erp-user',
    });
  }

  listUsers(): AsyncIterable<DolUser> {
    return this.core.list({ method: 'GET', path: '/users', schema: z.array(userSchema) }, DEFAULT_PAGE_SIZE);
  }

  async deleteTicket(id: number): Promise<void> {
    await this.core.get({ method: 'DELETE', path: `/tickets/${id}`, schema: z.object({ success: z.object({ code: z.number() }) }).or(actionResult) });
  }

  /**
   * 2 signed, 3 refused. Read first: Dolibarr re-closes a closed proposal with 200, firing PROPAL_CLOSE_SIGNED again,
   * and turns a signed proposal into a refused one (and back). Already closed the same way is success; closed the
   * other way is refused here.
   */
  closeProposal(id: number, status: 2 | 3, note?: string): Promise<void> {
    const path = `/proposals/${id}/close`;
    return transition({
      read: async () => (await this.core.get({ method: 'GET', path: `/proposals/${id}`, schema: proposalSchema })).status,
      done: (s) => {
        const closedAs = CLOSED_AS[s];
        if (closedAs === undefined) return false;
        if (s === status || (s === 4 && status === 2)) return true;
        throw new InvalidRequestError(`Dolibarr proposal ${id} is already closed as ${closedAs}; not changing it to ${CLOSED_AS[status]}`, {
          system: SYSTEM,
          method: 'POST',
          path,
        });
      },
      act: async () => {
        await this.core.call({ method: 'POST', path, body: { status, note_private: note }, schema: actionResult, acceptStatuses: [304] });
      },
    });
  }

  /** 0 draft; anything else is past validation (a repeated validate is a 304). */
  validateInvoice(id: number): Promise<void> {
    return transition({
      read: async () => (await this.core.get({ method: 'GET', path: `/invoices/${id}`, schema: invoiceSchema })).status,
      done: (s) => s !== 0,
      act: () => postAction(this.core, `/invoices/${id}/validate`),
    });
  }

  createAgendaEvent(input: NewAgendaEvent): Promise<number> {
    return this.core.get({
      method: 'POST',
      path: '/agendaevents',
      body: {
        userownerid: input.userOwnerId,
        type_code: input.typeCode,
        label: input.label,
        note: input.note,
        datep: unixSeconds(input.datep),
        socid: input.socid,
        ...(input.ticketId !== undefined ? { elementtype: 'ticket', fk_element: input.ticketId } : {}),
        caller: this.core.caller,
      },
      schema: createdId,
    });
  }
}
