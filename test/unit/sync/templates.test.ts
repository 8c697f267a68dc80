import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkTemplates, createTemplateRenderer, TemplateNotFoundError } from '../../../src/sync/templates';
import { contractNote, customerNote, durationNote } from '../../../src/sync/rules/notes';

describe('template renderer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-templates-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders the built-in templates, keeping apostrophes in free text', () => {
    const render = createTemplateRenderer();
    expect(
      contractNote(
        {
          kind: 'covered',
          contractId: 2,
          contractRef: 'CT2611-0002',
          lineId: 2,
          productRef: 'SUPPORT-HOUR',
          prepaidHours: 10,
          usedHours: 2.5,
          remainingHours: 7.5,
        },
        render,
      ),
    ).toBe('Covered by contract CT2611-0002, 7.5 h left (of 10 h prepaid).');
    expect(contractNote({ kind: 'none', reason: 'no covering contract' }, render)).toBe('No contract: billable (no covering contract).');
    expect(customerNote({ kind: 'unknown' }, { email: "o'brien@example.ie" }, render)).toMatch(/^Customer unknown in Dolibarr: o'brien@example.ie\./);
    expect(
      customerNote(
        {
          kind: 'ambiguous',
          candidates: [
            { socid: 1, name: 'ACME' },
            { socid: 2, name: "O'Neil & Co" },
          ],
        },
        { email: 'a@b.example' },
        render,
      ),
    ).toBe("Several Dolibarr customers match a@b.example; none was chosen. Candidates:\n- ACME (id 1)\n- O'Neil & Co (id 2)");
    expect(durationNote({ seconds: 5400, human: '1 h 30', hours: 1.5, interventionCount: 2 }, render)).toBe(
      'Time spent on this ticket (all Dolibarr interventions): 1 h 30.',
    );
  });

  it('prefers an admin override, and compiles each template once', () => {
    fs.writeFileSync(path.join(dir, 'contract-none.hbs'), 'Billable: {{reason}}');
    const render = createTemplateRenderer({ overrideDir: dir });
    expect(render('contract-none', { reason: 'x' })).toBe('Billable: x');
    fs.writeFileSync(path.join(dir, 'contract-none.hbs'), 'changed');
    expect(render('contract-none', { reason: 'y' })).toBe('Billable: y');
    expect(render('quote-signed', { ref: 'PR1' })).toBe('Quote PR1 was signed by the customer.');
  });

  it('names a missing template and where it looked', () => {
    const render = createTemplateRenderer({ overrideDir: dir });
    expect(() => render('no-such-template', {})).toThrow(TemplateNotFoundError);
    expect(() => render('no-such-template', {})).toThrow(/template "no-such-template" not found \(looked for .*no-such-template\.hbs/);
    expect(() => render('../etc/passwd', {})).toThrow(TemplateNotFoundError);
  });

  it('finds every shipped template, and a broken override at start-up', () => {
    expect(() => checkTemplates(createTemplateRenderer())).not.toThrow();
    fs.writeFileSync(path.join(dir, 'quote-line.hbs'), '{{#if}}broken');
    expect(() => checkTemplates(createTemplateRenderer({ overrideDir: dir }))).toThrow();
  });
});
