import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

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
	node: 'leonardoAi',
	credentialType: 'leonardoAiApi',
	credentials: leonardoCredentials,
	secrets: [leonardoCredentials.apiKey],
	origin: 'https://cloud.leonardo.ai',
	path: (segment) => `/api/rest/v1/init-image/${segment}`,
	resource: 'image',
	idParameter: 'imageId',
	emptyMessage: 'Image ID cannot be empty. Please provide a valid image ID.',
	failurePrefix: 'Failed to delete image. API error: ',
	authHeader: ['authorization', `Bearer ${leonardoCredentials.apiKey}`],
	deleted: (id) => [200, { delete_init_images_by_pk: { id } }],
	notFound: [
		{
			shape: '200 with a null object',
			reply: [200, { delete_init_images_by_pk: null }],
			details: 'Image not found',
		},
		{
			shape: '404',
			reply: [404, { error: 'Image not found', path: '$', code: 'not-found' }],
			details: 'Image not found',
		},
	],
	unauthorized: {
		reply: [
			401,
			{ error: 'Authentication hook unauthorized this request', path: '$', code: 'access-denied' },
		],
		details: 'Authentication hook unauthorized this request',
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
	node: 'cloudflareImages',
	credentialType: 'cloudflareImagesApi',
	credentials: cloudflareCredentials,
	secrets: [cloudflareCredentials.apiToken],
	origin: 'https://api.cloudflare.com',
	path: (segment) => `/client/v4/accounts/acc123/images/v1/${segment}`,
	resource: 'image',
	idParameter: 'imageId',
	emptyMessage: 'Image ID cannot be empty. Please provide a valid image ID.',
	failurePrefix: 'Failed to delete image. API error: ',
	authHeader: ['authorization', `Bearer ${cloudflareCredentials.apiToken}`],
	deleted: () => [200, cloudflareEnvelope([])],
	notFound: [
		{
			shape: '404 with code 5404',
			reply: [404, cloudflareEnvelope([{ code: 5404, message: 'Image not found' }])],
			details: 'Image not found',
		},
		{
			shape: 'code 5404 with another status',
			reply: [400, cloudflareEnvelope([{ code: 5404, message: 'Image not found' }])],
			details: 'Image not found',
		},
	],
	unauthorized: {
		reply: [401, cloudflareEnvelope([{ code: 9109, message: 'Invalid access token' }])],
		details: 'Invalid access token',
	},
	forbidden: {
		reply: [403, cloudflareEnvelope([{ code: 10000, message: 'Authentication error' }])],
		details: 'Authentication error',
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
	node: 'imageKit',
	credentialType: 'imageKitApi',
	credentials: imageKitCredentials,
	secrets: [
		imageKitCredentials.privateKey,
		Buffer.from(`${imageKitCredentials.privateKey}:`).toString('base64'),
	],
	origin: 'https://api.imagekit.io',
	path: (segment) => `/v1/files/${segment}`,
	resource: 'file',
	idParameter: 'fileId',
	emptyMessage: 'File ID cannot be empty. Please provide a valid file ID.',
	failurePrefix: 'Failed to delete file. API error: ',
	authHeader: [
		'authorization',
		`Basic ${Buffer.from(`${imageKitCredentials.privateKey}:`).toString('base64')}`,
	],
	deleted: () => [204, ''],
	notFound: [
		{
			shape: '404',
			reply: [
				404,
				{ message: 'The requested file does not exist.', help: 'For support kindly contact us.' },
			],
			details: 'The requested file does not exist.',
		},
	],
	unauthorized: {
		reply: [401, { message: 'Your request does not contain private API key.', help: '' }],
		details: 'Your request does not contain private API key.',
	},
	forbidden: {
		reply: [403, { message: 'Your account cannot be authenticated.', help: '' }],
		details: 'Your account cannot be authenticated.',
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
