import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../util/project-root';
import { formatDuration } from './rules/duration-format';
import { durationInWords } from './rules/erp-display';

/** The templates the bridge ships (templates/<name>.hbs); checked at start-up by checkTemplates(). */
const TEMPLATE_NAMES = [
  'contract-covered',
  'contract-none',
  'customer-unknown',
  'customer-ambiguous',
  'enrichment-unresolved',
  'intervention-description',
  'intervention-line',
  'intervention-created',
  'intervention-validated',
  'intervention-change-reported',
  'time-entry-rejected',
  'time-entry-late',
  'duration-updated',
  'quote-created',
  'quote-signed',
  'quote-refused',
  'quote-line',
  'quote-line-label',
  'invoice-line',
  'invoice-line-label',
  'erp-message',
  'attachment-rejected',
  'helpdesk-erp-document',
  'erp-ticket-merged',
  'erp-ticket-deleted',
  'erp-ticket-reference',
  'helpdesk-erp-message',
  'helpdesk-erp-status',
  'sla-at-risk',
  'sla-breached',
  'sla-erp-breached',
  'dev-issue-title',
  'dev-issue-description',
  'dev-issue-created-note',
  'dev-issue-created-reply',
  'dev-issue-overdue-note',
  'dev-issue-overdue-tracker-note',
  'dev-issue-done-note',
  'dev-issue-done-reply',
  'dev-issue-erp-created',
  'dev-issue-erp-done',
  'ticket-refused',
] as const;

export type RenderTemplate = (name: string, data: object) => string;

/** A template that exists neither in the override directory nor among the built-in ones. Not retryable. */
export class TemplateNotFoundError extends Error {
  readonly transient = false;
  constructor(name: string, searched: string[]) {
    super(`template "${name}" not found (looked for ${searched.join(', ')})`);
    this.name = 'TemplateNotFoundError';
  }
}

export interface TemplateOptions {
  /** Admin overrides (config `templatesDir`): a <name>.hbs there wins over the built-in one. */
  overrideDir?: string;
  /** Built-in templates; defaults to <project root>/templates. */
  builtinDir?: string;
}

/**
 * A renderer that compiles each template once and caches it. Handlebars' usual
 * rule holds: `{{x}}` is HTML-escaped, `{{{x}}}` is not. Plain-text templates use
 * `{{{x}}}` for free text so an apostrophe stays an apostrophe.
 */
export function createTemplateRenderer(opts: TemplateOptions = {}): RenderTemplate {
  const hbs = Handlebars.create();
  hbs.registerHelper('duration', (seconds: unknown) => formatDuration(Number(seconds)));
  hbs.registerHelper('hours', (value: unknown) => formatHours(Number(value)));
  hbs.registerHelper('words', (seconds: unknown) => durationInWords(Number(seconds)));
  const dirs = [opts.overrideDir, opts.builtinDir ?? path.join(projectRoot(), 'templates')].filter(
    (d): d is string => typeof d === 'string' && d.length > 0,
  );
  const cache = new Map<string, HandlebarsTemplateDelegate>();

  return (name, data) => {
    let compiled = cache.get(name);
    if (!compiled) {
      if (!/^[a-z0-9-]+$/.test(name)) throw new TemplateNotFoundError(name, []);
      const candidates = dirs.map((d) => path.join(d, `${name}.hbs`));
      const file = candidates.find((f) => fs.existsSync(f));
      if (!file) throw new TemplateNotFoundError(name, candidates);
      compiled = hbs.compile(fs.readFileSync(file, 'utf8'));
      cache.set(name, compiled);
    }
    return compiled(data).trim();
  };
}

let current: RenderTemplate | undefined;

/** Sets the process-wide renderer (call once at start-up with config `templatesDir`). */
export function configureTemplates(opts: TemplateOptions): RenderTemplate {
  current = createTemplateRenderer(opts);
  return current;
}

/** Renders with the process-wide renderer (built-in templates until configureTemplates is called). */
export function renderTemplate(name: string, data: object): string {
  current ??= createTemplateRenderer();
  return current(name, data);
}

/** Compiles every known template once, so a missing or broken override stops start-up. */
export function checkTemplates(render: RenderTemplate = renderTemplate): void {
  for (const name of TEMPLATE_NAMES) render(name, {});
}

/** 2.5 → "2.5", 2 → "2", 1.3333 → "1.33". */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours)) return '';
  return String(Math.round(hours * 100) / 100);
}
