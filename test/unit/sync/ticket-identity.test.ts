import { erpRefFor, erpRefWithSource, parseTrackId, trackIdFor } from '../../../src/sync/engine/ticket-identity';

describe('ERP ticket identity derived from the helpdesk ticket', () => {
  it.each([
    ['plain number', '4711'],
    ['spaces', 'ticket 12 b'],
    ['slashes', 'PROJ/2026/17'],
    ['unicode', 'Störung-ü-漢字'],
    ['emoji (4-byte)', 'fire-🔥'],
    ['colons, as in a Jira key with a site', 'site:ABC-12'],
  ])('track_id round-trips an id with %s', (_, ticketId) => {
    const key = { source: 'znuny', ticketId };
    const trackId = trackIdFor(key);
    expect(trackId.length).toBeLessThanOrEqual(128);
    expect(trackId).toMatch(/^[A-Za-z0-9:_-]+$/);
    expect(parseTrackId(trackId)).toEqual(key);
  });

  it('keeps the source in the track_id, so two helpdesks with the same id get different ERP tickets', () => {
    const a = trackIdFor({ source: 'znuny', ticketId: '42' });
    const b = trackIdFor({ source: 'jira-sm', ticketId: '42' });
    expect(a).not.toBe(b);
    expect(parseTrackId(b)).toEqual({ source: 'jira-sm', ticketId: '42' });
  });

  it('refuses an id too long for Dolibarr track_id (varchar 128) with an error naming the id', () => {
    const ticketId = 'x'.repeat(80);
    expect(() => trackIdFor({ source: 'znuny', ticketId })).toThrow(/too long.*x{80}/);
  });

  it('accepts the longest id that still fits', () => {
    const source = 'znuny';
    // Two hex digits per byte after "tb:znuny:".
    const fits = 'y'.repeat(Math.floor((128 - `tb:${source}:`.length) / 2));
    expect(parseTrackId(trackIdFor({ source, ticketId: fits }))).toEqual({ source, ticketId: fits });
    expect(() => trackIdFor({ source, ticketId: `${fits}y` })).toThrow(/too long/);
  });

  it.each(['7k3jq9x2m4p8r1t5', 'helpdesk-42', 'tb:znuny:zz', 'tb:Znuny:3432', 'tb:znuny:343', 'tb:znuny:', ''])(
    'does not mistake a track_id the bridge did not make (%j) for a helpdesk ticket',
    (trackId) => {
      expect(parseTrackId(trackId)).toBeNull();
    },
  );

  it('makes refs people can read: prefix and the helpdesk number', () => {
    expect(erpRefFor('HD', '2026112010000017')).toBe('HD-2026112010000017');
    expect(erpRefFor('SUP', '42')).toBe('SUP-42');
  });

  it('replaces characters Dolibarr refs should not carry, keeping the rest readable', () => {
    expect(erpRefFor('HD', 'PROJ/2026 17')).toBe('HD-PROJ_2026_17');
    expect(erpRefFor('HD', 'ABC-12.3_x')).toBe('HD-ABC-12.3_x');
  });

  it('adds the source to the ref only for the fallback used when the number is taken', () => {
    expect(erpRefWithSource('HD', 'rt', '42')).toBe('HD-rt-42');
  });
});
