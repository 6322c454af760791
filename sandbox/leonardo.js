// @ts-check
'use strict';
/** Leonardo AI, imitated: /me, init images with their presigned upload, generations. */
const { randomUUID } = require('node:crypto');

const { KEYS, bearer, countDelete, parseMultipart, send, sendRaw, splitPath } = require('./core');
const { SANDBOX_ACCOUNTS, WORDS } = require('../test/fixtures/providers');

/** The sandbox key's own user: its generated images' URLs name it. */
const SANDBOX_USER_ID = SANDBOX_ACCOUNTS.leonardoUserId;

function emptyState() {
	return {
		user: { id: SANDBOX_USER_ID, username: 'sandbox' },
		/** @type {Map<string, any>} */ initImages: new Map(),
		/** @type {Map<string, any>} */ pendingUploads: new Map(),
		/** @type {Map<string, any>} */ generations: new Map(),
	};
}

/** @param {any} state @param {{ initImages?: any[], generations?: any[] }} spec @param {(item: any) => string} at */
function seed(state, spec, at) {
	for (const item of spec.initImages ?? []) {
		const id = item.id ?? randomUUID();
		state.initImages.set(id, {
			id,
			url: `https://sandbox.invalid/init/${id}.png`,
			createdAt: at(item),
		});
	}
	for (const item of spec.generations ?? []) {
		const id = item.id ?? randomUUID();
		state.generations.set(
			id,
			generation(id, item.prompt ?? 'a sandbox landscape', at(item), 'COMPLETE'),
		);
	}
}

/** What the control API shows of this provider. */
function view(state) {
	return {
		initImages: [...state.initImages.keys()],
		generations: [...state.generations.values()].map(({ id, status }) => ({ id, status })),
	};
}

function refuseRate(call, headers) {
	return send(
		call.res,
		429,
		{ error: 'Too many requests', path: '$', code: 'rate-limit' },
		headers,
	);
}

function generation(id, prompt, createdAt, status, initImageId) {
	return {
		id,
		status,
		createdAt,
		prompt,
		modelId: 'b24e16ff-06e3-43eb-8d33-4416c2d75876',
		imageWidth: 512,
		imageHeight: 512,
		initImageId: initImageId ?? null,
		polls: 0,
		generated_images: status === 'COMPLETE' ? generatedImages(id) : [],
	};
}

/** Leonardo's image URLs name the user and the generation (never fetched: the host is not asked). */
function generatedImages(id) {
	const url = `https://cdn.leonardo.ai/users/${SANDBOX_USER_ID}/generations/${id}/image_0.png`;
	return [{ id: `${id}-img-1`, url, nsfw: false }];
}

const LEONARDO_UNAUTHORIZED = {
	error: WORDS.leonardo.unauthorized,
	path: '$',
	code: 'access-denied',
};

async function leonardoRoutes(call) {
	const { res, method, path, sandbox, body } = call;
	if (bearer(call.req) !== KEYS.leonardo) return send(res, 401, LEONARDO_UNAUTHORIZED);
	const state = sandbox.state.leonardo;
	const segments = splitPath(path);
	if (!segments) return send(res, 404, { error: 'not found', path: '$', code: 'not-found' });

	if (method === 'GET' && path === '/me') {
		return send(res, 200, {
			user_details: [
				{
					user: state.user,
					tokenRenewalDate: null,
					paidTokens: 0,
					subscriptionTokens: 1500,
					subscriptionGptTokens: 0,
					subscriptionModelTokens: 0,
					apiConcurrencySlots: 10,
				},
			],
		});
	}
	if (segments[0] === 'init-image') {
		if (segments.length === 1 && method === 'POST') {
			const extension = String(body.json?.extension ?? '');
			if (!['png', 'jpg', 'jpeg', 'webp'].includes(extension)) {
				return send(res, 400, {
					error: WORDS.leonardo.invalidExtension,
					path: '$',
					code: 'unexpected',
				});
			}
			const id = randomUUID();
			const key = `${state.user.id}/init/${id}.${extension}`;
			state.pendingUploads.set(key, { id, expiresAt: Date.now() + 120_000 });
			const url = `http://${call.req.headers.host}/leonardo-upload/`;
			const fields = JSON.stringify({
				key,
				'Content-Type': `image/${extension}`,
				Policy: 'sandbox-policy',
				'X-Amz-Signature': 'sandbox',
			});
			return send(res, 200, { uploadInitImage: { id, url, key, fields } });
		}
		if (segments.length !== 2)
			return send(res, 404, { error: 'not found', path: '$', code: 'not-found' });
		const id = segments[1];
		if (method === 'GET')
			return send(res, 200, { init_images_by_pk: state.initImages.get(id) ?? null });
		if (method === 'DELETE') {
			if (!state.initImages.has(id)) return leonardoUnknown(call, 'delete_init_images_by_pk');
			state.initImages.delete(id);
			countDelete(sandbox, 'leonardo', id);
			return send(res, 200, { delete_init_images_by_pk: { id } });
		}
	}
	if (segments[0] === 'generations') {
		if (segments.length === 1 && method === 'POST') {
			const input = body.json ?? {};
			if (!input.prompt)
				return send(res, 400, {
					error: 'prompt is required',
					path: '$',
					code: 'validation-failed',
				});
			if (input.init_image_id && !state.initImages.has(input.init_image_id)) {
				return send(res, 400, { error: 'init image not found', path: '$', code: 'unexpected' });
			}
			const id = randomUUID();
			const job = generation(
				id,
				input.prompt,
				new Date().toISOString(),
				'PENDING',
				input.init_image_id,
			);
			job.modelId = input.modelId ?? job.modelId;
			job.imageWidth = input.width ?? job.imageWidth;
			job.imageHeight = input.height ?? job.imageHeight;
			state.generations.set(id, job);
			return send(res, 200, { sdGenerationJob: { generationId: id, apiCreditCost: 8 } });
		}
		if (segments[1] === 'user' && segments.length === 3 && method === 'GET') {
			const offset = Number(call.query.get('offset') ?? 0);
			const limit = Math.min(Number(call.query.get('limit') ?? 10), 50);
			const mine = segments[2] === state.user.id ? [...state.generations.values()] : [];
			mine.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
			return send(res, 200, {
				generations: mine.slice(offset, offset + limit).map(publicGeneration),
			});
		}
		if (segments.length !== 2)
			return send(res, 404, { error: 'not found', path: '$', code: 'not-found' });
		const id = segments[1];
		if (method === 'GET') {
			const job = state.generations.get(id);
			if (job && job.status === 'PENDING' && ++job.polls >= sandbox.knobs.generationPolls) {
				job.status = /fail/i.test(job.prompt) ? 'FAILED' : 'COMPLETE';
				if (job.status === 'COMPLETE') {
					job.generated_images = generatedImages(id);
				}
			}
			return send(res, 200, { generations_by_pk: job ? publicGeneration(job) : null });
		}
		if (method === 'DELETE') {
			if (!state.generations.has(id)) return leonardoUnknown(call, 'delete_generations_by_pk');
			state.generations.delete(id);
			countDelete(sandbox, 'leonardo', id);
			return send(res, 200, { delete_generations_by_pk: { id } });
		}
	}
	return send(res, 404, { error: 'not found', path: '$', code: 'not-found' });
}

function publicGeneration(job) {
	const { polls: _polls, ...rest } = job;
	return rest;
}

function leonardoUnknown(call, key) {
	if (call.sandbox.knobs.leonardoUnknownDelete === '404') {
		return send(call.res, 404, { error: 'Not found', path: '$', code: 'not-found' });
	}
	return send(call.res, 200, { [key]: null });
}

/** The presigned S3 POST: multipart with every field and a `file` part, no Authorization. */
async function leonardoUpload(call) {
	const { res, req, body, sandbox } = call;
	if (call.method !== 'POST') return sendRaw(res, 405, '');
	if (req.headers.authorization)
		return sendRaw(
			res,
			400,
			'<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>',
		);
	const parts = parseMultipart(req.headers['content-type'], body.raw);
	const key = parts.fields.key;
	const pending = key && sandbox.state.leonardo.pendingUploads.get(key);
	if (!pending || pending.expiresAt < Date.now())
		return sendRaw(
			res,
			403,
			'<Error><Code>AccessDenied</Code><Message>Invalid or expired policy</Message></Error>',
		);
	if (!parts.files.file || parts.files.file.length === 0)
		return sendRaw(
			res,
			400,
			'<Error><Code>InvalidArgument</Code><Message>file is empty</Message></Error>',
		);
	sandbox.state.leonardo.pendingUploads.delete(key);
	sandbox.state.leonardo.initImages.set(pending.id, {
		id: pending.id,
		url: `https://sandbox.invalid/${key}`,
		createdAt: new Date().toISOString(),
		size: parts.files.file.length,
	});
	res.writeHead(204);
	res.end();
}

module.exports = {
	emptyState,
	seed,
	view,
	routes: [
		{ prefix: '/leonardo/api/rest/v1', provider: 'leonardo', handler: leonardoRoutes, refuseRate },
		{
			prefix: '/leonardo-upload/',
			provider: 'leonardo-upload',
			handler: leonardoUpload,
			refuseRate,
		},
	],
};
