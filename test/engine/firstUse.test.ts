// First use, as a new user meets it (issue 24): Output Fields that name nothing say so, a
// Disconnect after a list answers every item, a refused key says what to check.
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { loadPackage, runWorkflow } from '../harness/engine';
import { CREDENTIALS } from '../harness/providers';
import { chainWorkflow, type NodeUnderTest } from '../harness/workflows';

jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const CLOUDFLARE = 'https://api.cloudflare.com';
const IMAGES = '/client/v4/accounts/acc123/images/v1';
const image = { id: 'i1', filename: 'a.png', uploaded: '2026-01-01T00:00:00Z', variants: [] };
const envelope = (result: object) => ({ success: true, errors: [], messages: [], result });

async function getImage(outputFields: string) {
	nock(CLOUDFLARE).get(`${IMAGES}/i1`).reply(200, envelope(image));
	return await runWorkflow(
		chainWorkflow(
			[{}],
			[
				{
					type: 'cloudflareImages',
					credentialType: 'cloudflareImagesApi',
					parameters: {
						resource: 'image',
						operation: 'get',
						imageId: { __rl: true, mode: 'id', value: 'i1' },
						options: { outputFields },
					},
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
}

describe('Output Fields', () => {
	test('a field the answer does not have fails the item, naming the fields it has (no silent {})', async () => {
		const result = await getImage('id, Filename');
		expect(result.error?.message).toBe(
			'Output Fields: the answer has no field "Filename" (did you mean "filename"? names are case-sensitive). Its fields: id, filename, uploaded, variants.',
		);
	});

	test('a dot reaches inside an object', async () => {
		nock(CLOUDFLARE)
			.get(`${IMAGES}/stats`)
			.reply(200, envelope({ count: { current: 3, allowed: 100 } }));
		const result = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					{
						type: 'cloudflareImages',
						credentialType: 'cloudflareImagesApi',
						parameters: {
							resource: 'account',
							operation: 'getStats',
							options: { outputFields: 'count.current' },
						},
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.outputs('Node 1')[0][0].json).toEqual({ count: { current: 3 } });
	});

	test("every Output Fields placeholder names fields of that operation's own answer", async () => {
		const { nodeTypes, packageNodes } = await loadPackage();
		// What each answer has (the providers' specs and the package's own outputs).
		const known: Record<string, string[]> = {
			cloudflareImages: ['id', 'filename', 'uploaded', 'count.current', 'count.allowed'],
			imageKit: ['fileId', 'name', 'url', 'status'],
			leonardoAi: [
				'id',
				'status',
				'generated_images',
				'prompt',
				'url',
				'createdAt',
				// Generation → Create's own answer, waiting or not.
				'generationId',
				'apiCreditCost',
			],
		};
		for (const type of packageNodes) {
			const node = type.split('.')[1];
			const { properties } = nodeTypes.getByNameAndVersion(type, 1).description;
			for (const options of properties.filter((property) => property.name === 'options')) {
				const field = (options.options ?? []).find(
					(option) => 'name' in option && option.name === 'outputFields',
				) as { placeholder?: string } | undefined;
				if (!field) continue;
				const named = String(field.placeholder)
					.replace(/^e\.g\. /, '')
					.split(', ');
				expect(named.filter((name) => !known[node].includes(name))).toEqual([]);
			}
		}
	});
});

test('Disconnect after a list of 2: both items answer, the connection is closed once', async () => {
	nock('https://cloud.leonardo.ai')
		.get('/api/rest/v1/me')
		.reply(200, { user_details: [{ user: { id: 'u1', username: 't' } }] })
		.get('/api/rest/v1/generations/user/u1')
		.query(true)
		.reply(200, { generations: [{ id: 'g1' }, { id: 'g2' }] })
		.get('/api/rest/v1/me')
		.reply(200, { user_details: [{ user: { id: 'u1', username: 't' } }] });
	const node = (name: string, parameters: INodeParameters): NodeUnderTest => ({
		name,
		type: 'leonardoAi',
		credentialType: 'leonardoAiApi',
		parameters,
	});
	const result = await runWorkflow(
		chainWorkflow(
			[{}],
			[
				node('Connect', { resource: 'connection', operation: 'connect' }),
				node('List', {
					resource: 'generation',
					operation: 'getMany',
					authentication: 'connectionId',
					connectionId: "={{ $('Connect').item.json.connectionId }}",
				}),
				node('Disconnect', {
					resource: 'connection',
					operation: 'disconnect',
					connectionId: "={{ $('Connect').item.json.connectionId }}",
				}),
			],
		),
		{ credentials: CREDENTIALS },
	);
	expect(result.error).toBeUndefined();
	const connectionId = result.outputs('Connect')[0][0].json.connectionId;
	expect(result.outputs('Disconnect')[0].map((item) => item.json)).toEqual([
		{ disconnected: true, connectionId },
		{ disconnected: true, connectionId },
	]);
});

test.each([
	[
		'Leonardo AI',
		'leonardoAi',
		'https://cloud.leonardo.ai',
		'/api/rest/v1/generations/g1',
		[
			401,
			{ error: 'Authentication hook unauthorized this request', path: '$', code: 'access-denied' },
		],
		/^Leonardo AI refused the API key\./,
	],
	[
		'ImageKit',
		'imageKit',
		'https://api.imagekit.io',
		'/v1/files/f1',
		[403, { message: 'Your account cannot be authenticated.', help: '' }],
		/^ImageKit refused the private key\. Use the Private Key \(it starts with "private_"\)/,
	],
	[
		'Cloudflare',
		'cloudflareImages',
		CLOUDFLARE,
		`${IMAGES}/i1`,
		[
			401,
			{
				success: false,
				errors: [{ code: 9109, message: 'Invalid access token' }],
				messages: [],
				result: null,
			},
		],
		/^Cloudflare refused the key\./,
	],
] as const)(
	'%s: a key refused at run time keeps the provider’s words in the message and says what to check, as the credential test does',
	async (_title, node, origin, path, [status, body], advice) => {
		nock(origin).delete(path).reply(status, body);
		const resource = node === 'leonardoAi' ? 'generation' : node === 'imageKit' ? 'file' : 'image';
		const idParameter =
			node === 'leonardoAi' ? 'generationId' : node === 'imageKit' ? 'fileId' : 'imageId';
		const result = await runWorkflow(
			chainWorkflow(
				[{}],
				[
					{
						type: node,
						credentialType: `${node}Api`,
						parameters: {
							resource,
							operation: 'delete',
							[idParameter]: { __rl: true, mode: 'id', value: path.split('/').pop() },
						},
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		expect(result.error?.message).toMatch(
			/^Failed to delete (image|file|generation)\. API error: /,
		);
		expect((result.error as unknown as { description: string }).description).toMatch(advice);
	},
);
