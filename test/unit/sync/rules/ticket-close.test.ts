import { statusSideFields } from '../../../../src/sync/rules/ticket-close';

const now = new Date('2026-12-04T22:00:00Z');
const earlier = new Date('2026-12-01T08:00:00Z');
const open = { status: 3, closedAt: null, readAt: earlier, progress: 0 };

describe('statusSideFields: what a Dolibarr user close or read writes', () => {
  it('closing sets the closing date and 100 %, as Ticket::close() does', () => {
    expect(statusSideFields(open, 8, now)).toEqual({ closedAt: now, progress: 100 });
    expect(statusSideFields(open, 9, now)).toEqual({ closedAt: now, progress: 100 });
  });

  it('a ticket left closed without a closing date (earlier versions) is completed, a complete one is left alone', () => {
    expect(statusSideFields({ status: 8, closedAt: null, readAt: earlier, progress: 0 }, 8, now)).toEqual({ closedAt: now, progress: 100 });
    expect(statusSideFields({ status: 8, closedAt: earlier, readAt: earlier, progress: 100 }, 8, now)).toEqual({});
  });

  it('reopening clears the closing date and the 100 %', () => {
    expect(statusSideFields({ status: 8, closedAt: earlier, readAt: earlier, progress: 100 }, 3, now)).toEqual({ closedAt: null, progress: 0 });
    // Reopened in Dolibarr's UI: status changed, date and progress left behind.
    expect(statusSideFields({ status: 3, closedAt: earlier, readAt: earlier, progress: 100 }, 3, now)).toEqual({ closedAt: null, progress: 0 });
  });

  it('sets the read date once the ticket leaves "not read", never overwriting one', () => {
    expect(statusSideFields({ status: 0, closedAt: null, readAt: null, progress: 0 }, 1, now)).toEqual({ readAt: now });
    expect(statusSideFields({ status: 0, closedAt: null, readAt: null, progress: 0 }, 0, now)).toEqual({});
    expect(statusSideFields({ status: 0, closedAt: null, readAt: null, progress: 0 }, 8, now)).toEqual({ closedAt: now, progress: 100, readAt: now });
    expect(statusSideFields(open, 8, now).readAt).toBeUndefined();
  });
});
