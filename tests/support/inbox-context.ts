import { simulatedVoiceCredentials } from '../../server/config';
import type { ServerContext } from '../../server/context';
import type { Db } from '../../server/store/db';
import { TEST_AUTH_TOKEN } from './test-server';

/** What a WebhookInbox needs of a server, for tests that drive an inbox on its own. */
export function inboxContext(db: Db): ServerContext {
  return {
    db,
    clock: () => new Date(),
    config: {
      publicBaseUrl: null, twilioAuthToken: TEST_AUTH_TOKEN, telephonyMode: 'simulated', voice: simulatedVoiceCredentials(TEST_AUTH_TOKEN),
      simulatedCallSpeed: 50, sessionHours: 12, sessionIdleMinutes: 120, claimMinutes: 5,
    },
  };
}
