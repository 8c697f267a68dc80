import type { Article, TicketSnapshot, TimeEntry } from '../../src/plugin-sdk';
import { customerOf, parseFrom } from './customer';
import { fromZnunyTime } from './dates';
import type { ZnunyArticle, ZnunyTicket } from './schemas';
import { TIME_UNIT_SECONDS, type ZnunySettings } from './settings';

export interface MapperContext {
  helpdeskId: string;
  settings: ZnunySettings;
}

/**
 * Booked time is per article. Znuny keeps ArticleIDs unique system-wide and moves articles
 * (and their history) to the target on a merge, so the ArticleID alone is the stable key:
 * a moved booking keeps its id and is not counted twice.
 */
export function timeEntryId(articleId: string): string {
  return `article:${articleId}`;
}

function date(ctx: MapperContext, value: string, field: string): Date {
  return fromZnunyTime(value, ctx.settings.timeZone, field, ctx.helpdeskId);
}

function mapArticle(ctx: MapperContext, a: ZnunyArticle): Article {
  return {
    id: a.ArticleID,
    author: a.From || undefined,
    body: a.Body,
    internal: a.IsVisibleForCustomer !== 1,
    byAgent: a.SenderType === 'agent',
    createdAt: date(ctx, a.CreateTime, `Article.${a.ArticleID}.CreateTime`),
    attachments: a.Attachment.map((f) => ({
      ...(f.FileID === undefined ? {} : { id: String(f.FileID) }),
      filename: f.Filename || `file-${f.FileID ?? '?'}`,
      contentType: f.ContentType || undefined,
      size: f.FilesizeRaw === undefined || Number.isNaN(Number(f.FilesizeRaw)) ? undefined : Number(f.FilesizeRaw),
    })),
  };
}

/**
 * Time is always booked by an agent, but it sits on the article the agent wrote or took down: on a phone ticket made
 * in the agent interface the time booked at creation is on the caller's article, whose From is the customer
 * (12_ticketget_phone_ticket_from_agent_ui_with_time). Only an agent article's From names who booked it; TicketGet
 * gives the booking agent of the others as a bare user id (CreateBy), so they have no author.
 */
function timeEntry(ctx: MapperContext, a: ZnunyArticle): TimeEntry {
  const from = parseFrom(a.From);
  const entry: TimeEntry = {
    id: timeEntryId(a.ArticleID),
    seconds: Math.round(a.TimeUnit * TIME_UNIT_SECONDS[ctx.settings.timeUnit]),
    start: date(ctx, a.CreateTime, `Article.${a.ArticleID}.CreateTime`),
    note: a.Subject || undefined,
  };
  if (a.SenderType === 'agent') entry.author = from.email ?? (a.From || undefined);
  return entry;
}

/** A TicketGet ticket (with AllArticles) in the normalized model. */
export function toSnapshot(ctx: MapperContext, t: ZnunyTicket, mergedInto?: string): TicketSnapshot {
  const category = ctx.settings.stateTypeToCategory[t.StateType] ?? ctx.settings.stateTypeToCategory[t.State] ?? 'open';
  return {
    ticket: {
      helpdeskId: ctx.helpdeskId,
      id: t.TicketID,
      number: t.TicketNumber,
      title: t.Title,
      body: t.Article[0]?.Body ?? '',
      queue: t.Queue || undefined,
      type: t.Type || undefined,
      priority: t.Priority || undefined,
      state: t.State,
      stateCategory: category,
      customer: customerOf(t),
      owner: t.Owner ? { login: t.Owner } : undefined,
      createdAt: date(ctx, t.Created, 'Created'),
      updatedAt: date(ctx, t.Changed, 'Changed'),
      mergedInto,
      customFields: customFieldsOf(t),
    },
    articles: t.Article.map((a) => mapArticle(ctx, a)),
    timeEntries: t.Article.filter((a) => a.TimeUnit > 0).map((a) => timeEntry(ctx, a)),
  };
}

/** The model's bounds on a custom field's name and value: a longer one is cut rather than failing the whole ticket. */
const MAX_FIELD_NAME = 255;
const MAX_FIELD_VALUE = 10_000;

/**
 * Every dynamic field that has a value (TicketGet lists them all, unset ones as null: 03_ticketget_all_flags);
 * a multiselect's values joined by ", ". Absent when none has a value.
 */
function customFieldsOf(t: ZnunyTicket): Record<string, string> | undefined {
  const entries = t.DynamicField.flatMap((f) => {
    const value = Array.isArray(f.Value) ? f.Value.map(String).join(', ') : f.Value === null || f.Value === undefined ? '' : String(f.Value);
    return value === '' || f.Name.length > MAX_FIELD_NAME ? [] : [[f.Name, value.slice(0, MAX_FIELD_VALUE)] as const];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The value of a dynamic field by name ("" and null mean unset). */
export function dynamicFieldValue(t: ZnunyTicket, name: string): string | undefined {
  const value = t.DynamicField.find((f) => f.Name === name)?.Value;
  if (value === null || value === undefined || value === '') return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}
