import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../../util/project-root';

export const ADMIN_WEB_DIR = path.join(projectRoot(), 'web', 'admin');

function formatDate(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? '—' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The admin pages' own Handlebars instance: `{{x}}` escapes HTML, and no page uses `{{{x}}}`. */
export function createViews(dir = path.join(ADMIN_WEB_DIR, 'views')): (page: string, data: Record<string, unknown>) => string {
  const hb = Handlebars.create();
  hb.registerHelper('date', formatDate);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
  hb.registerHelper('hours', (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} h` : 'not counted'));
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    const name = file.slice(0, -4);
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    if (name.startsWith('_')) hb.registerPartial(name.slice(1), source);
    else templates.set(name, hb.compile(source, { strict: false }));
  }
  const layout = templates.get('layout');
  if (!layout) throw new Error(`admin views: layout.hbs missing in ${dir}`);
  return (page, data) => {
    const template = templates.get(page);
    if (!template) throw new Error(`admin views: no page "${page}"`);
    return layout({ ...data, page, body: new hb.SafeString(template(data)) });
  };
}
