import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

/** The shared provider table (test/fixtures/providers.js), as far as these cases read it. */
interface FixtureRow {
	node: 'leonardoAi' | 'cloudflareImages' | 'imageKit';
	credentialType: string;
	resource: string;
	idParameter: string;
	emptyMessage: string;
	failurePrefix: string;
	notFound: string;
}
interface Fixtures {
	PROVIDERS: [FixtureRow, FixtureRow, FixtureRow];
	WORDS: {
		leonardo: { unauthorized: string };
		cloudflare: Record<
			'notFound' | 'invalidToken' | 'authError',
			{ code: number; message: string }
		>;
		imagekit: Record<'notFound' | 'noKey' | 'badKey', string>;
	};
}
// A JavaScript module shared with the e2e suite, the bench and the sandbox.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PROVIDERS, WORDS } = require('../fixtures/providers') as Fixtures;
const [leonardo, cloudflare, imagekit] = PROVIDERS;
const row = ({
	node,
	credentialType,
	resource,
	idParameter,
	emptyMessage,
	failurePrefix,
}: FixtureRow) => ({
	node,
	credentialType,
	resource,
	idParameter,
	emptyMessage,
	failurePrefix,
});

export type Reply = [status: number, body?: nock.Body, headers?: Record<string, string>];

/** Everything a provider-independent test needs to know about one delete route. */
export interface DeleteCase {
	title: string;
	node: 'leonardoAi' | 'cloudflareImages' | 'imageKit';
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	/** Strings that must never appear in any output (keys, and encodings of them). */
	secrets: string[];
	origin: string;
	/** The route nock sees for an already-encoded id segment. */
	path(segment: string): string;
	resource: string;
	idParameter: string;
	/** `Image ID cannot be empty. …` */
	emptyMessage: string;
	/** `Failed to delete image. API error: ` */
	failurePrefix: string;
	authHeader: [name: string, value: string];
	deleted(id: string): Reply;
	/** Each shape this provider uses for "not found", with the details it must produce. */
	notFound: Array<{ shape: string; reply: Reply; details: string }>;
	unauthorized: { reply: Reply; details: string };
	/** The credential test / connect request: path (with query) and a good answer. */
	verify: { path: string; reply: Reply };
	forbidden: { reply: Reply; details: string };
}

const leonardoCredentials = {
	apiKey: 'leo-secret-key-123',
	baseUrl: 'https://cloud.leonardo.ai/api/rest/v1',
};
const cloudflareCredentials = {
	accountId: 'acc123',
	authType: 'apiToken',
	apiToken: 'cf-secret-token-456',
	baseUrl: 'https://api.cloudflare.com/client/v4',
	batchBaseUrl: 'https://batch.imagedelivery.net',
};
const imageKitCredentials = {
	privateKey: 'private_ik-secret-789',
	baseUrl: 'https://api.imagekit.io',
	uploadBaseUrl: 'https://upload.imagekit.io',
};

export const CREDENTIALS = {
	leonardoAiApi: leonardoCredentials,
	cloudflareImagesApi: cloudflareCredentials,
	imageKitApi: imageKitCredentials,
};

const cloudflareEnvelope = (errors: Array<{ code: number; message: string }>) => ({
	success: errors.length === 0,
	errors,
	messages: [],
	result: errors.length === 0 ? {} : null,
});

export const leonardoImage: DeleteCase = {
	title: 'Leonardo AI image',
	...row(leonardo),
	credentials: leonardoCredentials,
	secrets: [leonardoCredentials.apiKey],
	origin: 'https://cloud.leonardo.ai',
	path: (segment) => `/api/rest/v1/init-image/${segment}`,
	authHeader: ['authorization', `Bearer ${leonardoCredentials.apiKey}`],
	deleted: (id) => [200, { delete_init_images_by_pk: { id } }],
	notFound: [
		{
			shape: '200 with a null object',
			reply: [200, { delete_init_images_by_pk: null }],
			details: leonardo.notFound,
		},
		{
			shape: '404',
			reply: [404, { error: leonardo.notFound, path: '$', code: 'not-found' }],
			details: leonardo.notFound,
		},
	],
	unauthorized: {
		reply: [401, { error: WORDS.leonardo.unauthorized, path: '$', code: 'access-denied' }],
		details: WORDS.leonardo.unauthorized,
	},
	forbidden: {
		reply: [
			403,
			{ error: 'You are not the owner of this image', path: '$', code: 'permission-error' },
		],
		details: 'You are not the owner of this image',
	},
	verify: {
		path: '/api/rest/v1/me',
		reply: [
			200,
			{ user_details: [{ user: { id: 'user-1', username: 'tester' }, apiConcurrencySlots: 10 }] },
		],
	},
};

export const leonardoGeneration: DeleteCase = {
	...leonardoImage,
	title: 'Leonardo AI generation',
	path: (segment) => `/api/rest/v1/generations/${segment}`,
	resource: 'generation',
	idParameter: 'generationId',
	emptyMessage: 'Generation ID cannot be empty. Please provide a valid generation ID.',
	failurePrefix: 'Failed to delete generation. API error: ',
	deleted: (id) => [200, { delete_generations_by_pk: { id } }],
	notFound: [
		{
			shape: '200 with a null object',
			reply: [200, { delete_generations_by_pk: null }],
			details: 'Generation not found',
		},
		{ shape: '404 without a body', reply: [404, ''], details: '404 Not Found' },
	],
};

export const cloudflareImage: DeleteCase = {
	title: 'Cloudflare image',
	...row(cloudflare),
	credentials: cloudflareCredentials,
	secrets: [cloudflareCredentials.apiToken],
	origin: 'https://api.cloudflare.com',
	path: (segment) => `/client/v4/accounts/acc123/images/v1/${segment}`,
	authHeader: ['authorization', `Bearer ${cloudflareCredentials.apiToken}`],
	deleted: () => [200, cloudflareEnvelope([])],
	notFound: [
		{
			shape: '404 with code 5404',
			reply: [404, cloudflareEnvelope([WORDS.cloudflare.notFound])],
			details: WORDS.cloudflare.notFound.message,
		},
		{
			shape: 'code 5404 with another status',
			reply: [400, cloudflareEnvelope([WORDS.cloudflare.notFound])],
			details: leonardo.notFound,
		},
	],
	unauthorized: {
		reply: [401, cloudflareEnvelope([WORDS.cloudflare.invalidToken])],
		details: WORDS.cloudflare.invalidToken.message,
	},
	forbidden: {
		reply: [403, cloudflareEnvelope([WORDS.cloudflare.authError])],
		details: WORDS.cloudflare.authError.message,
	},
	verify: {
		path: '/client/v4/accounts/acc123/images/v1/stats',
		reply: [
			200,
			{
				success: true,
				errors: [],
				messages: [],
				result: { count: { current: 3, allowed: 100000 } },
			},
		],
	},
};

export const imageKitFile: DeleteCase = {
	title: 'ImageKit file',
	...row(imagekit),
	credentials: imageKitCredentials,
	secrets: [
		imageKitCredentials.privateKey,
		Buffer.from(`${imageKitCredentials.privateKey}:`).toString('base64'),
	],
	origin: 'https://api.imagekit.io',
	path: (segment) => `/v1/files/${segment}`,
	authHeader: [
		'authorization',
		`Basic ${Buffer.from(`${imageKitCredentials.privateKey}:`).toString('base64')}`,
	],
	deleted: () => [204, ''],
	notFound: [
		{
			shape: '404',
			reply: [404, { message: WORDS.imagekit.notFound, help: 'For support kindly contact us.' }],
			details: WORDS.imagekit.notFound,
		},
	],
	unauthorized: {
		reply: [401, { message: WORDS.imagekit.noKey, help: '' }],
		details: WORDS.imagekit.noKey,
	},
	forbidden: {
		reply: [403, { message: WORDS.imagekit.badKey, help: '' }],
		details: WORDS.imagekit.badKey,
	},
	verify: { path: '/v1/files?limit=1', reply: [200, '[]'] },
};

export const DELETE_CASES = [leonardoImage, leonardoGeneration, cloudflareImage, imageKitFile];

/** Parameters of a delete node reading its id from the item's `id` field. */
export function deleteParameters(c: DeleteCase, extra: INodeParameters = {}): INodeParameters {
	return {
		resource: c.resource,
		operation: 'delete',
		[c.idParameter]: '={{ $json.id }}',
		...extra,
	};
}

/**
 * Intercepts the delete route for any id, answering from `answer(segment)`, and records the
 * raw path of every request in `seen`.
 */
export function interceptDeletes(
	c: DeleteCase,
	answer: (segment: string, attempt: number) => Reply,
	times = 1,
): { seen: string[]; scope: nock.Scope } {
	const seen: string[] = [];
	const prefix = c.path('');
	const attempts = new Map<string, number>();
	const scope = nock(c.origin)
		.delete((uri) => uri.startsWith(prefix))
		.times(times)
		.reply(function (uri) {
			seen.push(uri);
			const segment = uri.slice(prefix.length);
			const attempt = (attempts.get(segment) ?? 0) + 1;
			attempts.set(segment, attempt);
			const [status, body, headers] = answer(segment, attempt);
			return [status, body ?? '', headers ?? {}];
		});
	return { seen, scope };
}
