// The providers' own rules as the nodes meet them, each with its source beside it (the sources
// are quoted in sandbox/RULES.md, which the sandbox follows too).
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow, searchList } from '../harness/engine';
import { CREDENTIALS } from '../harness/providers';
import { type NodeName, runNode } from '../harness/run';
import { chainWorkflow } from '../harness/workflows';

jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

const IMAGEKIT = 'https://api.imagekit.io';
const LEONARDO = 'https://cloud.leonardo.ai';

const run = async (node: NodeName, parameters: INodeParameters) => await runNode(node, parameters);

/** A folder entry as ImageKit lists it (imagekit-nodejs src/resources/files/files.ts, `Folder`): no fileId, no url. */
const folder = {
	type: 'folder',
	folderId: 'fo1',
	name: 'old-campaign',
	folderPath: '/old-campaign',
	customMetadata: {},
	createdAt: '2026-01-01T00:00:00Z',
	updatedAt: '2026-01-01T00:00:00Z',
};
const file = (name: string) => ({
	type: 'file',
	fileId: `id-${name}`,
	name,
	filePath: `/${name}`,
	url: `https://ik.imagekit.io/demo/${name}`,
	fileType: 'image',
	createdAt: '2026-01-01T00:00:00Z',
});

describe('ImageKit lists folders beside files when a search is given ("When the searchQuery parameter is present … `type` … will have no effect", imagekit-nodejs src/resources/assets.ts)', () => {
	test('File → Get Many with a search outputs the files only', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [folder, file('old-campaign-1.jpg'), file('old-campaign-2.jpg')]);
		const result = await run('imageKit', {
			resource: 'file',
			operation: 'getMany',
			returnAll: true,
			options: { searchQuery: 'name : "old-campaign"', outputFields: 'fileId' },
		});
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ fileId: 'id-old-campaign-1.jpg' },
			{ fileId: 'id-old-campaign-2.jpg' },
		]);
	});

	test('the file picker\'s search lists the files only, none named "undefined"', async () => {
		nock(IMAGEKIT)
			.get('/v1/files')
			.query(true)
			.reply(200, [folder, file('old-campaign-1.jpg')]);
		const list = await searchList(
			{
				id: 'n',
				name: 'ImageKit',
				type: 'n8n-nodes-image-storage.imageKit',
				typeVersion: 1,
				position: [0, 0],
				parameters: { resource: 'file', operation: 'delete' },
				credentials: { imageKitApi: { id: 'c', name: 'k' } },
			},
			'fileId',
			'searchFiles',
			{ credentials: CREDENTIALS, filter: 'old-campaign' },
		);
		expect(list.results.map((entry) => entry.value)).toEqual(['id-old-campaign-1.jpg']);
	});
});

describe('Leonardo AI', () => {
	test('Model ID added but left empty is not sent: the API has no account default (leonardo-ts-sdk creategeneration.ts: "If not provided, uses sd_version…")', async () => {
		let body: Record<string, unknown> = {};
		nock(LEONARDO)
			.post('/api/rest/v1/generations', (sent) => {
				body = sent;
				return true;
			})
			.reply(200, { sdGenerationJob: { generationId: 'g1', apiCreditCost: 1 } });
		await run('leonardoAi', {
			resource: 'generation',
			operation: 'create',
			prompt: 'a fox',
			options: { modelId: '  ', negativePrompt: '' },
		});
		expect(body).toEqual({ prompt: 'a fox' });
	});

	test('the init image upload is not retried past the presigned URL\'s 2 minutes ("The presigned URL expires in 2 minutes", docs.leonardo.ai, upload an image using a presigned URL)', async () => {
		nock(LEONARDO)
			.post('/api/rest/v1/init-image')
			.reply(200, {
				uploadInitImage: { id: 'init-1', url: 'https://s3.example.com/b', key: 'k', fields: '{}' },
			});
		let attempts = 0;
		nock('https://s3.example.com')
			.post('/b')
			.times(5)
			.optionally()
			.reply(() => {
				attempts++;
				return [503, 'Slow Down', { 'Retry-After': '50' }];
			});
		const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
		const result = await runWorkflow(
			chainWorkflow(
				[{ $binary: { data: { data: png, mimeType: 'image/png', fileName: 'a.png' } } }],
				[
					{
						type: 'leonardoAi',
						credentialType: 'leonardoAiApi',
						parameters: { resource: 'image', operation: 'upload' },
					},
				],
			),
			{ credentials: CREDENTIALS },
		);
		// Tries at 0, 50 and 100 s; a fourth at 150 s would be past the URL's 120 (6f2dbbe sent 5).
		expect(attempts).toBe(3);
		expect(result.error?.message).toBe(
			'Failed to upload image. API error: 503 Service Unavailable; before this, the item made init image init-1 without its file: delete it with Image → Delete, then run the item again',
		);
	});
});
