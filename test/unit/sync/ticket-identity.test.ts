import fs from 'node:fs';
import path from 'node:path';
import { erpRefFor, erpRefWithHelpdeskId, parseTrackId, readTrackId, ticketIdHash, trackIdFor } from '../../../src/sync/shared/ticket-identity';

describe('ERP ticket identity derived from the helpdesk ticket', () => {
  it.each([
    ['plain number', '4711'],
    ['spaces', 'ticket 12 b'],
    ['slashes', 'PROJ/2026/17'],
    ['unicode', 'Störung-ü-漢字'],
    ['emoji (4-byte)', 'fire-🔥'],
    ['colons, as in a Jira key with a site', 'site:ABC-12'],
  ])('track_id round-trips an id with %s', (_, ticketId) => {
    const key = { helpdeskId: 'znuny', ticketId };
    const trackId = trackIdFor(key);
    expect(trackId.length).toBeLessThanOrEqual(128);
    expect(trackId).toMatch(/^[A-Za-z0-9:_-]+$/);
    expect(parseTrackId(trackId)).toEqual(key);
  });

  it('keeps the helpdeskId in the track_id, so two helpdesks with the same id get different ERP tickets', () => {
    const a = trackIdFor({ helpdeskId: 'znuny', ticketId: '42' });
    const b = trackIdFor({ helpdeskId: 'jira-sm', ticketId: '42' });
    expect(a).not.toBe(b);
    expect(parseTrackId(b)).toEqual({ helpdeskId: 'jira-sm', ticketId: '42' });
  });

  it("gives an id too long for the hex form (up to the protocol's 200 characters) a stable hashed track_id within 128", () => {
    const ticketId = 'x'.repeat(200);
    const trackId = trackIdFor({ helpdeskId: 'a-helpdesk-id-of-32-characters-x', ticketId });
    expect(trackId.length).toBeLessThanOrEqual(128);
    expect(trackId).toBe(trackIdFor({ helpdeskId: 'a-helpdesk-id-of-32-characters-x', ticketId }));
    expect(trackId).not.toBe(trackIdFor({ helpdeskId: 'a-helpdesk-id-of-32-characters-x', ticketId: `${'x'.repeat(199)}y` }));
    expect(readTrackId(trackId)).toEqual({ kind: 'hashed', helpdeskId: 'a-helpdesk-id-of-32-characters-x', hash: ticketIdHash(ticketId) });
    expect(parseTrackId(trackId)).toBeNull();
  });

  it('keeps the readable hex form for the longest id that still fits', () => {
    const helpdeskId = 'znuny';
    // Two hex digits per byte after "tb_znuny_".
    const fits = 'y'.repeat(Math.floor((128 - `tb_${helpdeskId}_`.length) / 2));
    expect(parseTrackId(trackIdFor({ helpdeskId: helpdeskId, ticketId: fits }))).toEqual({ helpdeskId, ticketId: fits });
    expect(readTrackId(trackIdFor({ helpdeskId: helpdeskId, ticketId: `${fits}y` }))?.kind).toBe('hashed');
  });

  it.each(['7k3jq9x2m4p8r1t5', 'helpdesk-42', 'tb_znuny_zz', 'tb_Znuny_3432', 'tb_znuny_343', 'tb_znuny_', 'tb:znuny:3432', ''])(
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

  it('adds the helpdeskId to the ref only for the fallback used when the number is taken', () => {
    expect(erpRefWithHelpdeskId('HD', 'rt', '42')).toBe('HD-rt-42');
  });
});

describe('track ids Dolibarr accepts in a URL', () => {
  it("never contain a colon: Dolibarr's firewall answers 403 to one in GET /tickets/track_id/{id}", () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/dolibarr/error_403_waf_colon_in_path.json'), 'utf8'));
    expect(recorded.response.status).toBe(403);
    for (const ticketId of ['42', 'a:b', 'x/y z', 'ünïcode']) expect(trackIdFor({ helpdeskId: 'znuny', ticketId })).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
