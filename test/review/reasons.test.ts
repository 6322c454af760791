// Review (outside reading): the failed item's `reason`.
//
// README, Continue: "`{ "error": "<message>", "httpCode": "404", "reason": "notFound" }`: an IF
// node can route on `httpCode` (where the provider answered) and on `reason` — `notFound`, `auth`
// (the key or connection refused), `rateLimited`, `invalidInput`, `server`, `network` (no answer
// came), `other`."
import nock from 'nock';

import { runNode } from '../harness/run';

const lost = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

test('Leonardo Generation → Create whose answer is lost (ECONNRESET): no answer came, so the failed item\'s reason is "network"', async () => {
	nock('https://cloud.leonardo.ai').post('/api/rest/v1/generations').replyWithError(lost());
	const result = await runNode(
		'leonardoAi',
		{ resource: 'generation', operation: 'create', prompt: 'A red fox' },
		{ onError: 'continueRegularOutput' },
	);
	const [item] = result.outputs('Node 1')[0];
	expect(item.json.error).toMatch(/connection lost \(ECONNRESET\); the generation may exist/);
	// Today: "other" — the same lost connection on a delete says "network".
	expect(item.json.reason).toBe('network');
});

test('Cloudflare Image → Upload (no Custom ID) whose answer is lost: reason "network"', async () => {
	nock('https://api.cloudflare.com')
		.post('/client/v4/accounts/acc123/images/v1')
		.replyWithError(lost());
	const result = await runNode(
		'cloudflareImages',
		{ resource: 'image', operation: 'upload', inputType: 'url', url: 'https://example.com/a.png' },
		{ onError: 'continueRegularOutput' },
	);
	const [item] = result.outputs('Node 1')[0];
	expect(item.json.error).toMatch(/the image may exist all the same/);
	expect(item.json.reason).toBe('network');
});
