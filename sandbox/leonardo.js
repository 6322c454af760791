// @ts-check
'use strict';
/** Leonardo AI, imitated: /me, init images with their presigned upload, generations. */
const { randomUUID } = require('node:crypto');

const {
	KEYS,
	bearer,
	countDelete,
	originOf,
	parseMultipart,
	retryAfter,
	send,
	sendFile,
	sendRaw,
	splitPath,
	standInPng,
} = require('./core');
const { SANDBOX_ACCOUNTS, WORDS } = require('../test/fixtures/providers');

/** The sandbox key's own user: its generated images' URLs name it. */
const SANDBOX_USER_ID = SANDBOX_ACCOUNTS.leonardoUserId;

function emptyState() {
	return {
		user: { id: SANDBOX_USER_ID, username: 'sandbox' },
		/** @type {Map<string, any>} */ initImages: new Map(),
		/** @type {Map<string, any>} */ pendingUploads: new Map(),
		/** @type {Map<string, any>} */ generations: new Map(),
		/** Creation order of generation jobs: the queue is first come, first served. */
		sequence: 0,
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
			generation(
				id,
				item.prompt ?? 'a sandbox landscape',
				at(item),
				'COMPLETE',
				item.numImages ?? 1,
			),
		);
	}
}

/**
 * What the control API shows of this provider: a PENDING generation waiting for one of the key's
 * processing slots is `queued`.
 */
function view(state, knobs) {
	advanceJobs(state, knobs, Date.now());
	return {
		initImages: [...state.initImages.keys()],
		generations: [...state.generations.values()].map(({ id, status, startedAt }) =>
			status === 'PENDING' ? { id, status, queued: startedAt === undefined } : { id, status },
		),
	};
}

/**
 * Leonardo's 429 (its body is SPEC §5's reading: Leonardo documents none). Whether Leonardo sends
 * `Retry-After` is not documented either: `leonardoRetryAfter: false` leaves it out.
 */
function refuseRate(call, headers) {
	return send(
		call.res,
		429,
		{ error: 'Too many requests', path: '$', code: 'rate-limit' },
		call.sandbox.knobs.leonardoRetryAfter === false ? {} : headers,
	);
}

/** Every call counts in the key's 2,000 a minute; a generation create also in its 100 a minute. */
function rateLanes(call, rateLimits) {
	const lanes = [{ lane: 'leonardo', limits: rateLimits.leonardo }];
	if (call.method === 'POST' && /^\/generations\/?$/.test(call.path))
		lanes.push({ lane: 'leonardoCreate', limits: rateLimits.leonardoCreate });
	return lanes;
}

function generation(id, prompt, createdAt, status, numImages = 1) {
	return {
		id,
		status,
		createdAt,
		prompt,
		modelId: 'b24e16ff-06e3-43eb-8d33-4416c2d75876',
		imageWidth: 512,
		imageHeight: 512,
		numImages,
		polls: 0,
		generated_images: status === 'COMPLETE' ? generatedImages(id, numImages) : [],
	};
}

/** Leonardo's image host: generated images' URLs start with it. */
const IMAGE_HOST = 'https://cdn.leonardo.ai';

/**
 * Where the sandbox serves generated images itself, with knob `leonardoImagesOnSandbox`: their
 * URLs start with `<sandbox>/leonardo-cdn` instead of Leonardo's image host, the same path after it.
 */
const SANDBOX_IMAGE_HOST = '/leonardo-cdn';

/** Leonardo's image URLs name the user and the generation. */
function generatedImages(id, count) {
	return Array.from({ length: count }, (_, index) => ({
		id: `${id}-img-${index + 1}`,
		url: `${IMAGE_HOST}/users/${SANDBOX_USER_ID}/generations/${id}/image_${index}.png`,
		nsfw: false,
	}));
}

/** What the control API's `file()` reads: a generated image, by its id. */
function fileBytes(state, imageId) {
	for (const job of state.generations.values())
		if (job.generated_images.some((image) => image.id === imageId)) return standInPng(imageId);
	return undefined;
}

/**
 * The key's generation jobs, brought to `now`: at most `leonardoConcurrency` PENDING jobs are
 * processing (`startedAt` set) at once, the others wait in the queue, first come first served; a
 * processing job ends `generationMs` after it started (or earlier, when polled `generationPolls`
 * times), and the next queued job takes its slot at that moment. Nothing runs on a timer: every
 * route and the control API bring the jobs up to date before reading them.
 */
function advanceJobs(state, knobs, now) {
	const pending = [...state.generations.values()]
		.filter((job) => job.status === 'PENDING')
		.sort((a, b) => a.seq - b.seq);
	const queue = pending.filter((job) => job.startedAt === undefined);
	const running = pending.filter((job) => job.startedAt !== undefined);
	const free = Array.from(
		{ length: Math.max(0, knobs.leonardoConcurrency - running.length) },
		() => -Infinity,
	);
	for (;;) {
		running.sort((a, b) => a.startedAt - b.startedAt);
		for (const job of [...running]) {
			const endsAt = job.startedAt + knobs.generationMs;
			if (endsAt > now) continue;
			finishJob(job);
			running.splice(running.indexOf(job), 1);
			free.push(endsAt);
		}
		if (queue.length === 0 || free.length === 0) return;
		free.sort((a, b) => a - b);
		const slotFreeAt = /** @type {number} */ (free.shift());
		const job = queue.shift();
		job.startedAt = Math.max(slotFreeAt, job.createdAtMs);
		running.push(job);
	}
}

function finishJob(job) {
	job.status = /fail/i.test(job.prompt) ? 'FAILED' : 'COMPLETE';
	if (job.status === 'COMPLETE') job.generated_images = generatedImages(job.id, job.numImages);
}

/**
 * `num_images` as the API's own specification describes it (provider-specs/leonardo.trimmed.json):
 * 1 to 8, at most 4 when the width or height is over 768, 4 when not given. The refusal's words
 * are the sandbox's: Leonardo documents none.
 */
function imageCount(input, width, height) {
	const count = input.num_images ?? 4;
	const most = width > 768 || height > 768 ? 4 : 8;
	if (!Number.isInteger(count) || count < 1 || count > most)
		return {
			refused: `num_images must be between 1 and ${most}${most === 4 ? ' when the width or height is over 768' : ''}`,
		};
	return { count };
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
					apiConcurrencySlots: sandbox.knobs.leonardoConcurrency,
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
			state.pendingUploads.set(key, {
				id,
				expiresAt: Date.now() + sandbox.knobs.leonardoUploadExpiryMs,
			});
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
			const width = input.width ?? 512;
			const height = input.height ?? 512;
			const images = imageCount(input, width, height);
			if (images.refused)
				return send(res, 400, { error: images.refused, path: '$', code: 'unexpected' });
			const now = Date.now();
			advanceJobs(state, sandbox.knobs, now);
			const running = [...state.generations.values()].filter(
				(job) => job.status === 'PENDING' && job.startedAt !== undefined,
			);
			const queued = [...state.generations.values()].filter(
				(job) => job.status === 'PENDING' && job.startedAt === undefined,
			);
			if (
				running.length >= sandbox.knobs.leonardoConcurrency &&
				queued.length >= sandbox.knobs.leonardoQueueLimit
			) {
				// The queue is full (Leonardo: "the kitchen won't take more orders until some are
				// finished"); its answer is not documented: a 429, as for its rate limits.
				sandbox.stats.rateLimited++;
				const firstEnd = Math.min(
					now + sandbox.knobs.generationMs,
					...running.map((job) => job.startedAt + sandbox.knobs.generationMs),
				);
				return send(
					res,
					429,
					{ error: 'Too many pending generations', path: '$', code: 'rate-limit' },
					sandbox.knobs.leonardoRetryAfter === false ? {} : retryAfter(firstEnd - now),
				);
			}
			const id = randomUUID();
			const job = generation(
				id,
				input.prompt,
				new Date(now).toISOString(),
				'PENDING',
				images.count,
			);
			job.initImageId = input.init_image_id ?? null;
			job.modelId = input.modelId ?? job.modelId;
			job.imageWidth = width;
			job.imageHeight = height;
			job.seq = ++state.sequence;
			job.createdAtMs = now;
			state.generations.set(id, job);
			advanceJobs(state, sandbox.knobs, now);
			return send(res, 200, { sdGenerationJob: { generationId: id, apiCreditCost: 8 } });
		}
		if (segments[1] === 'user' && segments.length === 3 && method === 'GET') {
			const offset = Number(call.query.get('offset') ?? 0);
			const limit = Math.min(Number(call.query.get('limit') ?? 10), 50);
			advanceJobs(state, sandbox.knobs, Date.now());
			const mine = segments[2] === state.user.id ? [...state.generations.values()] : [];
			mine.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
			return send(res, 200, {
				generations: mine.slice(offset, offset + limit).map((job) => publicGeneration(call, job)),
			});
		}
		if (segments.length !== 2)
			return send(res, 404, { error: 'not found', path: '$', code: 'not-found' });
		const id = segments[1];
		if (method === 'GET') {
			advanceJobs(state, sandbox.knobs, Date.now());
			const job = state.generations.get(id);
			// Polls count while the job is processing: a queued job waits for its slot.
			if (
				job &&
				job.status === 'PENDING' &&
				job.startedAt !== undefined &&
				++job.polls >= sandbox.knobs.generationPolls
			) {
				finishJob(job);
				advanceJobs(state, sandbox.knobs, Date.now());
			}
			return send(res, 200, { generations_by_pk: job ? publicGeneration(call, job) : null });
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

/**
 * A generation as Leonardo answers it: no bookkeeping, no `initImageId` (its schema has none); its
 * images on the sandbox's image host with knob `leonardoImagesOnSandbox`.
 */
function publicGeneration(call, job) {
	const {
		polls: _polls,
		seq: _seq,
		createdAtMs: _createdAtMs,
		startedAt: _startedAt,
		numImages: _numImages,
		initImageId: _initImageId,
		...rest
	} = job;
	if (!call.sandbox.knobs.leonardoImagesOnSandbox) return rest;
	const host = `${originOf(call.req)}${SANDBOX_IMAGE_HOST}`;
	return {
		...rest,
		generated_images: rest.generated_images.map((/** @type {any} */ image) => ({
			...image,
			url: image.url.startsWith(`${IMAGE_HOST}/`)
				? `${host}${image.url.slice(IMAGE_HOST.length)}`
				: image.url,
		})),
	};
}

/**
 * The image host (`leonardoImagesOnSandbox`): `GET /leonardo-cdn/users/<user>/generations/<id>/
 * <file>` serves that generated image (a stand-in PNG of its own colour), no key asked; anything
 * else is refused as S3 refuses a key it does not hold.
 */
async function leonardoImageHost(call) {
	const { res, method, sandbox } = call;
	if (method !== 'GET' && method !== 'HEAD') return sendRaw(res, 405, '');
	const url = `${IMAGE_HOST}${call.path}`;
	const segments = splitPath(call.path) ?? [];
	const job = sandbox.state.leonardo.generations.get(segments[3] ?? '');
	const image = job?.generated_images.find((/** @type {any} */ candidate) => candidate.url === url);
	if (!image)
		return sendRaw(
			res,
			403,
			'<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
			{ 'Content-Type': 'application/xml' },
		);
	return sendFile(res, method, standInPng(image.id), 'image/png');
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
	if (!pending)
		return sendRaw(
			res,
			403,
			'<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed</Message></Error>',
		);
	// The presigned URL expires after `leonardoUploadExpiryMs` (Leonardo: 2 minutes).
	if (pending.expiresAt < Date.now())
		return sendRaw(
			res,
			403,
			'<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message></Error>',
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
	fileBytes,
	routes: [
		{
			prefix: '/leonardo/api/rest/v1',
			provider: 'leonardo',
			handler: leonardoRoutes,
			refuseRate,
			rateLanes,
		},
		{
			prefix: '/leonardo-upload/',
			provider: 'leonardo-upload',
			handler: leonardoUpload,
			refuseRate,
		},
		{
			prefix: SANDBOX_IMAGE_HOST,
			provider: 'leonardo-cdn',
			handler: leonardoImageHost,
			refuseRate,
		},
	],
};
