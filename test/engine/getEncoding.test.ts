// Every get-by-id route encodes the id exactly once: `defineFetchOperation` hands `request(id)`
// the raw id, and each provider's route helper encodes it.
// An id `a/b%c` must reach the provider as one segment `a%2Fb%25c`: not `a/b%c` (zero), not
// `a%252Fb%2525c` (twice).
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import { resetPacing } from '../harness/pacing';
import { CREDENTIALS } from '../harness/providers';
import { chainWorkflow } from '../harness/workflows';

const NODE_CREDENTIAL = {
	leonardoAi: 'leonardoAiApi',
	cloudflareImages: 'cloudflareImagesApi',
	imageKit: 'imageKitApi',
} as const;

const ID = 'a/b%c';
const ONCE = 'a%2Fb%25c';

const cases: Array<{
	name: string;
	node: keyof typeof NODE_CREDENTIAL;
	origin: string;
	parameters: INodeParameters;
	path: string;
	body: IDataObject;
}> = [
	{
		name: 'Cloudflare image.get',
		node: 'cloudflareImages',
		origin: 'https://api.cloudflare.com',
		parameters: { resource: 'image', operation: 'get', imageId: ID },
		path: `/client/v4/accounts/acc123/images/v1/${ONCE}`,
		body: { success: true, result: { id: ID } },
	},
	{
		name: 'Leonardo image.get',
		node: 'leonardoAi',
		origin: 'https://cloud.leonardo.ai',
		parameters: { resource: 'image', operation: 'get', imageId: ID },
		path: `/api/rest/v1/init-image/${ONCE}`,
		body: { init_images_by_pk: { id: ID } },
	},
	{
		name: 'Leonardo generation.get',
		node: 'leonardoAi',
		origin: 'https://cloud.leonardo.ai',
		parameters: { resource: 'generation', operation: 'get', generationId: ID },
		path: `/api/rest/v1/generations/${ONCE}`,
		body: { generations_by_pk: { id: ID, status: 'COMPLETE' } },
	},
	{
		name: 'ImageKit file.get',
		node: 'imageKit',
		origin: 'https://api.imagekit.io',
		parameters: { resource: 'file', operation: 'get', fileId: ID },
		path: `/v1/files/${ONCE}/details`,
		body: { fileId: ID },
	},
	{
		name: 'ImageKit cache.getPurgeStatus',
		node: 'imageKit',
		origin: 'https://api.imagekit.io',
		parameters: { resource: 'cache', operation: 'getPurgeStatus', requestId: ID },
		path: `/v1/files/purge/${ONCE}`,
		body: { status: 'Completed' },
	},
];

afterEach(() => nock.cleanAll());

test.each(cases)('$name sends the id encoded exactly once', async (c) => {
	resetPacing();
	const seen: string[] = [];
	nock(c.origin)
		.persist()
		.intercept(() => true, 'GET')
		.reply(function (uri) {
			seen.push(uri);
			return [200, c.body];
		});
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					type: c.node,
					credentialType: NODE_CREDENTIAL[c.node],
					parameters: c.parameters,
					onError: 'continueRegularOutput',
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
	expect(seen).toEqual([c.path]);
	expect(result.outputs('Node 1')[0]?.[0]?.json.error).toBeUndefined();
});
