// Dry Run on Delete and Delete Many: every ID or URL is read and checked and the object looked up,
// the output says what would be deleted, and nothing that deletes is sent — on every route,
// bulk paths included. Clean-ups on a schedule are run once by hand first.
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflow } from '../harness/engine';
import {
	CREDENTIALS,
	cloudflareImage,
	DELETE_CASES,
	deleteParameters,
	imageKitFile,
	type DeleteCase,
} from '../harness/providers';
import { runNode } from '../harness/run';
import { chainWorkflow, type OnError } from '../harness/workflows';

jest.mock('n8n-workflow', () =>
	jest.requireActual('../harness/recordedSleep').workflowWithRecordedSleep(),
);

/** The answer to a look at an object that exists, and at one that does not, per delete route. */
const LOOKS: Record<string, { found: (id: string) => nock.Body; missing: [number, nock.Body] }> = {
	'Leonardo AI image': {
		found: (id) => ({ init_images_by_pk: { id, url: 'u', createdAt: '2026-01-01T00:00:00Z' } }),
		missing: [200, { init_images_by_pk: null }],
	},
	'Leonardo AI generation': {
		found: (id) => ({ generations_by_pk: { id, status: 'COMPLETE' } }),
		missing: [200, { generations_by_pk: null }],
	},
	'Cloudflare image': {
		found: (id) => ({
			success: true,
			errors: [],
			messages: [],
			result: { id, filename: 'a.png', uploaded: '2026-01-01T00:00:00Z', variants: [] },
		}),
		missing: [
			404,
			{
				success: false,
				errors: [{ code: 5404, message: 'Image not found' }],
				messages: [],
				result: null,
			},
		],
	},
	'ImageKit file': {
		found: (id) => ({ fileId: id, name: 'a.png', url: `https://ik.imagekit.io/demo/${id}.png` }),
		missing: [404, { message: 'The requested file does not exist.', help: '' }],
	},
};

/** Answers looks by GET (`have` the ids that exist) and counts every request that is not a GET. */
function provider(c: DeleteCase, have: Set<string>) {
	const changed: string[] = [];
	const look = LOOKS[c.title];
	nock(c.origin)
		.persist()
		.get(/.*/)
		.reply((uri) => {
			const id = decodeURIComponent(
				uri
					.replace(/\/details$/, '')
					.split('/')
					.pop() ?? '',
			);
			return have.has(id) ? [200, look.found(id)] : look.missing;
		})
		.delete(/.*/)
		.reply((uri) => {
			changed.push(uri);
			return [500, {}];
		})
		.post(/.*/)
		.reply((uri) => {
			changed.push(uri);
			return [500, {}];
		});
	nock('https://batch.imagedelivery.net')
		.persist()
		.delete(/.*/)
		.reply((uri) => {
			changed.push(uri);
			return [500, {}];
		});
	return changed;
}

async function runDryRun(
	c: DeleteCase,
	ids: string[],
	options: IDataObject = {},
	onError?: OnError,
) {
	return await runWorkflow(
		chainWorkflow(
			ids.map((id) => ({ id })),
			[
				{
					type: c.node,
					credentialType: c.credentialType,
					parameters: deleteParameters(c, { options: { dryRun: true, ...options } }),
					onError,
				},
			],
		),
		{ credentials: CREDENTIALS },
	);
}

afterEach(() => nock.cleanAll());

describe.each(DELETE_CASES)('$title: Delete with Dry Run', (c) => {
	test('an object that exists would be deleted; nothing is deleted', async () => {
		const changed = provider(c, new Set(['a', 'b']));
		const result = await runDryRun(c, ['a', 'b']);
		expect(result.error).toBeUndefined();
		expect(result.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: false, dryRun: true, wouldDelete: true, id: 'a' },
			{ deleted: false, dryRun: true, wouldDelete: true, id: 'b' },
		]);
		expect(changed).toEqual([]);
	});

	test('one that does not exist fails as the delete would; with Ignore Not Found it is told', async () => {
		const changed = provider(c, new Set(['a']));
		const refused = await runDryRun(c, ['gone'], {}, 'continueRegularOutput');
		expect(refused.outputs('Node 1')[0][0].json).toMatchObject({
			error: expect.stringMatching(new RegExp(`^${c.failurePrefix.replace(/[.]/g, '\\.')}`)),
			httpCode: '404',
			reason: 'notFound',
		});
		const told = await runDryRun(c, ['a', 'gone'], { ignoreNotFound: true });
		expect(told.outputs('Node 1')[0].map((item) => item.json)).toEqual([
			{ deleted: false, dryRun: true, wouldDelete: true, id: 'a' },
			{ deleted: false, dryRun: true, wouldDelete: false, notFound: true, id: 'gone' },
		]);
		expect(changed).toEqual([]);
	});
});

test.each([
	['Cloudflare, 150 items (its batch API)', cloudflareImage, 150],
	['ImageKit, 30 items (its batch delete)', imageKitFile, 30],
] as const)(
	'%s: a run large enough for the bulk path looks each up, and sends nothing that deletes',
	async (_title, c, count) => {
		const ids = Array.from({ length: count }, (_, k) => `img${k}`);
		const changed = provider(c, new Set(ids));
		const result = await runDryRun(c, ids);
		expect(result.error).toBeUndefined();
		expect(
			result.outputs('Node 1')[0].filter((item) => item.json.wouldDelete === true),
		).toHaveLength(count);
		expect(changed).toEqual([]);
	},
);

test('ImageKit Delete with Purge Cache and Dry Run: tells the URL a purge would clear, purges nothing', async () => {
	const changed = provider(imageKitFile, new Set(['f1']));
	const result = await runDryRun(imageKitFile, ['f1'], { purgeCache: true });
	expect(result.outputs('Node 1')[0][0].json).toEqual({
		deleted: false,
		dryRun: true,
		wouldDelete: true,
		id: 'f1',
		wouldPurge: 'https://ik.imagekit.io/demo/f1.png',
	});
	expect(changed).toEqual([]);
});

/** ImageKit's Delete Many of `fileIds`, with Dry Run. */
const dryDeleteMany = async (fileIds: string) =>
	await runNode('imageKit', {
		resource: 'file',
		operation: 'deleteMany',
		fileIds,
		options: { dryRun: true },
	});

test('ImageKit Delete Many with Dry Run: each ID looked up, which would be deleted and which are not found; nothing deleted', async () => {
	const changed = provider(imageKitFile, new Set(['f1', 'f3']));
	const result = await dryDeleteMany('f1, f2, f3');
	expect(result.outputs('Node 1')[0][0].json).toEqual({
		deleted: [],
		notFound: ['f2'],
		dryRun: true,
		wouldDelete: ['f1', 'f3'],
	});
	expect(changed).toEqual([]);
});

test('ImageKit Delete Many of an empty list with Dry Run says it was a dry run', async () => {
	const result = await dryDeleteMany('={{ [] }}');
	expect(result.outputs('Node 1')[0][0].json).toEqual({
		deleted: [],
		notFound: [],
		dryRun: true,
		wouldDelete: [],
	});
});
