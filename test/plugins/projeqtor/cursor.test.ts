import { nextWindow } from '../../../plugins/projeqtor/cursor';

const PARIS = 'Europe/Paris';

describe('ProjeQtor poll window (server wall clock, daylight saving)', () => {
  it('keeps the same window length on an ordinary day', () => {
    const w = nextWindow('20261123091644+0100', new Date(0), new Date('2026-11-23T08:20:00Z'), PARIS, 120);
    expect(w).toEqual({ from: '20261123091444', to: '20261123092000', next: '20261123092000+0100' });
  });

  it('reaches one hour further back when the clock went back inside the window (autumn)', () => {
    // 02:50 CEST, then 03:00 CEST → 02:00 CET: rows written at 02:05 CET sort before the cursor's "02:50".
    const w = nextWindow('20261025025000+0200', new Date(0), new Date('2026-10-25T01:15:00Z'), PARIS, 120);
    expect(w.from).toBe('20261025014800');
    expect(w.to).toBe('20261025021500');
    expect(w.next).toBe('20261025021500+0100');
  });

  it('needs nothing special in spring: the skipped hour holds no rows', () => {
    const w = nextWindow('20260329015900+0100', new Date(0), new Date('2026-03-29T01:01:00Z'), PARIS, 60);
    expect(w).toEqual({ from: '20260329015800', to: '20260329030100', next: '20260329030100+0200' });
  });

  it('reads the cursor offset, so a cursor from the repeated hour means one instant', () => {
    const first = nextWindow('20261025023000+0200', new Date(0), new Date('2026-10-25T01:40:00Z'), PARIS, 0);
    const second = nextWindow('20261025023000+0100', new Date(0), new Date('2026-10-25T01:40:00Z'), PARIS, 0);
    expect(first.from).toBe('20261025013000');
    expect(second.from).toBe('20261025023000');
  });

  it('starts from `since` on the first call, in the server zone', () => {
    expect(nextWindow(null, new Date('2026-06-01T00:00:00Z'), new Date('2026-06-01T00:05:00Z'), PARIS, 120).from).toBe('20260601020000');
  });
});
