import { rebuildLink } from '../../../src/sync/reflect/rebuild-link';
import { trackIdFor } from '../../../src/sync/shared/ticket-identity';
import { makeEngine } from '../../support/fakes/engine';

describe('relinking an ERP ticket whose helpdesk id was too long for its track id', () => {
  const ticketId = `T-${'7'.repeat(198)}`;
  const trackId = trackIdFor({ helpdeskId: 'znuny', ticketId });

  it("finds the helpdesk id in the helpdesk-id extrafield, checked against the track id's hash", async () => {
    const { deps, erp, links } = makeEngine();
    const ticket = erp.seedTicket({ ref: 'HD-77', trackId, extrafields: { tb_helpdesk_source: 'znuny', tb_helpdesk_id: ticketId } });
    const link = await rebuildLink(ticket, deps);
    expect(link).toMatchObject({ helpdeskId: 'znuny', ticketId, erpId: ticket.id, trackId });
    expect(await links.getTicketLink({ helpdeskId: 'znuny', ticketId })).toMatchObject({ erpId: ticket.id });
  });

  it('rebuilds nothing when the extrafield is missing or names another id', async () => {
    const { deps, erp } = makeEngine();
    const bare = erp.seedTicket({ ref: 'HD-78', trackId });
    expect(await rebuildLink(bare, deps)).toBeNull();
    const other = erp.seedTicket({ ref: 'HD-79', trackId: `${trackId.slice(0, -1)}0`, extrafields: { tb_helpdesk_id: ticketId } });
    expect(await rebuildLink(other, deps)).toBeNull();
  });
});
