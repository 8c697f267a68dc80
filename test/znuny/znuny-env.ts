/**
 * A real Znuny for the opt-in tests of this folder, named by the environment (nothing is installed by the tests):
 * ZNUNY_URL, the web service URL (`…/nph-genericinterface.pl/Webservice/TicketBridge`, set up as the README's
 * "Znuny / OTRS" section says), ZNUNY_USER and ZNUNY_PASSWORD (the bridge's agent), ZNUNY_TIME_ZONE (= its
 * OTRSTimeZone, default UTC) and ZNUNY_FROM (the agent's address). Without ZNUNY_URL the tests are skipped.
 */
export interface ZnunyTestEnv {
  baseUrl: string;
  userLogin: string;
  password: string;
  timeZone: string;
  agentFromAddress: string;
}

const HINT = 'set ZNUNY_URL, ZNUNY_USER and ZNUNY_PASSWORD to run them against a Znuny set up as the README says';

function znunyTestEnv(): ZnunyTestEnv | string {
  const { ZNUNY_URL, ZNUNY_USER, ZNUNY_PASSWORD, ZNUNY_TIME_ZONE, ZNUNY_FROM } = process.env;
  if (!ZNUNY_URL) return 'ZNUNY_URL is not set';
  if (!ZNUNY_USER || !ZNUNY_PASSWORD) return 'ZNUNY_URL is set but ZNUNY_USER or ZNUNY_PASSWORD is not';
  return {
    baseUrl: ZNUNY_URL,
    userLogin: ZNUNY_USER,
    password: ZNUNY_PASSWORD,
    timeZone: ZNUNY_TIME_ZONE ?? 'UTC',
    agentFromAddress: ZNUNY_FROM ?? 'ticketbridge@helpdesk.example.com',
  };
}

/** `describe` for tests that need a real Znuny: runs them when one is named, otherwise skips them saying why. */
export function describeWithZnuny(name: string, body: (env: ZnunyTestEnv) => void): void {
  const env = znunyTestEnv();
  if (typeof env !== 'string') {
    describe(name, () => body(env));
    return;
  }
  console.warn(`Skipping "${name}": ${env}; ${HINT}.`);
  describe.skip(`${name} [skipped: ${env}; ${HINT}]`, () => {
    it('needs a real Znuny', () => undefined);
  });
}
