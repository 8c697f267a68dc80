import { reasonInWords } from '../../../src/admin-console/words';

describe('failure reasons in words', () => {
  it.each([
    ['dolibarr server: Dolibarr POST /tickets answered 500', 'Dolibarr had an internal error.'],
    ['znuny auth: TicketCreate.AuthFail', 'Helpdesk “znuny” refused the bridge’s credentials (check the API key or token).'],
    ['Dolibarr POST /tickets answered 503: Service Unavailable', 'Dolibarr had an internal error.'],
    ['Dolibarr GET /tickets/4 answered 429', 'Dolibarr asked the bridge to slow down.'],
    ['Dolibarr GET /status timed out', 'Dolibarr did not answer in time.'],
    ['Dolibarr GET /status failed: ECONNREFUSED', 'Dolibarr could not be reached.'],
    ['job mirror-ticket payload: ticketId: Required', 'The job’s data was refused as invalid; replaying will not help until it is fixed.'],
    [
      'helpdesk ticket znuny #17 refused: over the limits the bridge can write to Dolibarr: ticket.number: String must contain at most 64 character(s)',
      'The helpdesk ticket has a field Dolibarr cannot take (named in the reason); the helpdesk was told, and the ticket is mirrored at its next change once the field is fixed there.',
    ],
    ['something odd', 'The bridge stopped on an unexpected error.'],
    ['', 'No reason was recorded.'],
  ])('%s', (reason, words) => {
    expect(reasonInWords(reason)).toBe(words);
  });
});
