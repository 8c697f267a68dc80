import type { InboundEvent, HelpdeskAdapter } from '../plugin-sdk';
import type { ErpChange } from '../sync/erp-change';

/** Durable acceptance of incoming work: when these resolve, the work is in Redis. */
export interface EventIntake {
  acceptHelpdeskEvents(helpdeskId: string, events: InboundEvent[]): Promise<{ queued: number; duplicates: number }>;
  acceptErpChange(change: ErpChange): Promise<void>;
  /** A third party, contact or contract changed in the ERP: cached customer and contract look-ups are dropped. */
  acceptAccountsChange(trigger: string): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** A handler result independent of express: one place turns it into a response. */
export interface HandlerResult {
  status: number;
  body: unknown;
}

export interface AdminService {
  listFailed(limit: number): Promise<unknown[]>;
  replay(selector: { jobId: string } | { all: true }): Promise<{ replayed: string[] }>;
  raiseQuote(input: { helpdeskId: string; ticketId: string; requestId: string; hours?: number }): Promise<{ jobId: string }>;
  /** Queues the ticket's escalation to the development tracker (once per ticket, however often it is asked). */
  escalateToDev(input: { helpdeskId: string; ticketId: string }): Promise<{ jobId: string }>;
  queueCounts(): Promise<Record<string, Record<string, number>>>;
}

export interface HttpDeps {
  adapters: ReadonlyMap<string, HelpdeskAdapter>;
  intake: EventIntake;
  readiness(): Promise<ReadinessReport>;
  admin?: AdminService;
  /** The admin web pages' operations (absent: the pages say the process does not run the bridge). */
  adminConsole?: import('./admin-ui/ports').AdminConsole;
  adminToken?: string;
  dolibarrWebhookToken?: string;
  /** The `caller` the bridge sends to Dolibarr; deliveries carrying it are the bridge's own writes. */
  ownCaller: string;
  /** ERP documents served by signed link (absent: no public URL configured, no route). */
  erpFiles?: {
    links: import('./erp-file-links').ErpFileLinks;
    download(erpRef: string, document: string): Promise<{ content: Buffer; contentType: string } | null>;
  };
  /** Mounted under /admin/queues when given (bull-board). */
  queueDashboard?: import('express').RequestHandler;
}
