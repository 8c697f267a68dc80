import { anyOf, dateLiteral, quote } from '../../../plugins/rt/ticketsql';
import { recording } from './recordings';

describe('TicketSQL literals', () => {
  it('escapes apostrophes and backslashes the way RT parsed them in the recordings', () => {
    // search_hostile_apostrophe_and_backslash: `'x and it\'s'` matched the subject "path C:\temp\x and it's".
    const recorded = new URL(recording('search_hostile_apostrophe_and_backslash').request.url).searchParams.get('query');
    expect(recorded).toBe(`Subject LIKE ${quote("x and it's")}`);
    expect(quote('C:\\temp')).toBe("'C:\\\\temp'");
  });

  it('never produces the SQL-style doubled apostrophe that RT rejects with 400', () => {
    expect(recording('search_hostile_apostrophe_doubled').response.status).toBe(400);
    expect(quote("O'Brien")).not.toContain("''");
  });

  it('keeps a hostile value inside one literal', () => {
    const literal = quote("x' OR 1=1 OR Subject = '");
    expect(literal).toBe("'x\\' OR 1=1 OR Subject = \\''");
  });

  it('writes dates as YYYY-MM-DD HH:MM:SS in the API user time zone, never as ISO with Z', () => {
    const at = new Date('2026-11-23T08:18:43Z');
    expect(dateLiteral(at, 'UTC')).toBe("'2026-11-23 08:18:43'");
    expect(dateLiteral(at, 'Europe/Paris')).toBe("'2026-11-23 09:18:43'");
    expect(dateLiteral(at, 'UTC')).not.toMatch(/T|Z/);
  });

  it('ORs several queue names, each quoted', () => {
    expect(anyOf('TicketQueue', ['General', "L2 'vip'"])).toBe("(TicketQueue = 'General' OR TicketQueue = 'L2 \\'vip\\'')");
  });
});
