/**
 * The fault-model suite, part 3: no form of the key (raw, `Bearer …`, the Base64 of ImageKit's
 * `private_…:` Basic form, Cloudflare's X-Auth-Key) reaches a host other than the credential's
 * (its base URLs), nor any output, error or n8n log line — under every fault, above all 3xx
 * answers to another host and refusals that echo the key as it was sent.
 *
 * Runs are scheduled as test/faults/sending.test.ts explains; replay in the same way.
 */
// First: n8n's logging settings must be in place before n8n loads.
import { n8nLogs, removeLogs } from '../harness/captureLogs';

import { useVirtualTime } from './clock';
import { checkKeys } from './invariants';
import { faultProperty, harnessChecks } from './property';

jest.mock('n8n-workflow', () => jest.requireActual('./clock').workflowWithHeldSleep());

beforeAll(useVirtualTime);
afterAll(removeLogs);

describe('no form of the key reaches another host, an output, an error or a log', () => {
	for (const provider of ['leonardo', 'cloudflare', 'imagekit'] as const)
		faultProperty(
			`${provider}: every operation`,
			['delete', 'deleteMany', 'create', 'read'],
			[checkKeys],
			{
				runs: 8,
				providers: [provider],
				favoured: ['redirect', 'echoKey'],
				readLogs: n8nLogs,
			},
		);
});

test("n8n's logs were captured and read (the log check is not empty)", () => {
	expect(n8nLogs()).toContain('Workflow execution');
});

harnessChecks();
