import { jobSpec } from '../../../src/jobs/catalog';
import { pushedStateWithHelpdeskId } from '../../../src/store/legacy-names';

describe('jobs and records from before the helpdesk id had one name', () => {
  it('a job queued with "source" still runs for its helpdesk', () => {
    expect(jobSpec('mirror-ticket').schema.parse({ source: 'znuny', ticketId: '17' })).toEqual({ helpdeskId: 'znuny', ticketId: '17' });
    expect(jobSpec('deliver-update').schema.parse({ source: 'rt', ticketId: '9', eventId: 'e1' })).toEqual({
      helpdeskId: 'rt',
      ticketId: '9',
      eventIds: ['e1'],
    });
    expect(jobSpec('poll-helpdesk').schema.parse({ source: 'rt' })).toEqual({ helpdeskId: 'rt' });
  });

  it('a delivery queued before updates were delivered together still delivers its one update', () => {
    expect(jobSpec('deliver-update').schema.parse({ helpdeskId: 'znuny', ticketId: '9', eventId: 'e1' })).toEqual({
      helpdeskId: 'znuny',
      ticketId: '9',
      eventIds: ['e1'],
    });
    expect(jobSpec('deliver-update').schema.safeParse({ helpdeskId: 'znuny', ticketId: '9', eventId: 'e1', eventIds: ['e2'] }).success).toBe(false);
    expect(jobSpec('deliver-update').schema.safeParse({ helpdeskId: 'znuny', ticketId: '9', eventIds: [] }).success).toBe(false);
  });

  it('a payload naming the helpdesk both ways, or badly, is refused as before', () => {
    expect(jobSpec('mirror-ticket').schema.safeParse({ source: 'znuny', helpdeskId: 'znuny', ticketId: '17' }).success).toBe(false);
    expect(jobSpec('mirror-ticket').schema.safeParse({ source: 'Znuny!', ticketId: '17' }).success).toBe(false);
  });

  it("a pushed snapshot's ticket keeps its helpdesk", () => {
    expect(pushedStateWithHelpdeskId({ ticket: { source: 'portal', id: 'T-1' }, articles: [] })).toEqual({
      ticket: { helpdeskId: 'portal', id: 'T-1' },
      articles: [],
    });
    expect(pushedStateWithHelpdeskId({ articles: [] })).toEqual({ articles: [] });
  });
});
