// @ts-check
'use strict';
/**
 * The provider sandbox: Leonardo AI, Cloudflare Images and ImageKit imitated on one local
 * port, as ../shared/SPEC.md §5 describes them — routes, envelopes, status codes, empty 204
 * bodies, auth checks, rate-limit headers and 429 lockouts — with knobs for latency, rate
 * limits and injected faults, and a control API (`/_sandbox/…`) that says what it received.
 *
 * Dev tooling only: never part of the published package. It listens on 127.0.0.1 only.
 */
const http = require('node:http');
const { randomBytes, randomUUID } = require('node:crypto');

const KEYS = Object.freeze({
	leonardo: 'sandbox-leonardo-key',
	cloudflareAccount: 'sandbox-account',
	cloudflareToken: 'sandbox-cloudflare-token',
	cloudflareEmail: 'sandbox@example.com',
	cloudflareGlobalKey: 'sandbox-cloudflare-global-key',
	imagekit: 'private_sandbox-imagekit-key',
});

const DAY = 24 * 60 * 60 * 1000;
const REQUEST_LOG_LIMIT = 100_000;

/** The published limits (ImageKit publishes none: 40 requests/s stands in). */
function defaultRateLimits() {
	return {
		leonardo: { limit: 2000, windowMs: 60_000 },
		cloudflare: { limit: 1200, windowMs: 300_000, lockoutMs: 300_000 },
		cloudflareBatch: { limit: 200, windowMs: 1000 },
		imagekit: { limit: 40, windowMs: 1000 },
	};
}

function defaultKnobs() {
	return {
		/** Added to every answer, in milliseconds. */
		latencyMs: 0,
		/** Rate limits on or off; their values in `rateLimits`. */
		rateLimited: true,
		rateLimits: defaultRateLimits(),
		/** How Leonardo answers a delete of an unknown id: `null` (200 with null) or `404`. */
		leonardoUnknownDelete: 'null',
		/** Polls of GET /generations/{id} before a generation is COMPLETE (or FAILED). */
		generationPolls: 2,
		/** Whether the other ids of an ImageKit batch that answers 404 are deleted anyway. */
		imagekitBatchDeletesOnMissing: true,
		/**
		 * Injected faults, tried in order on every provider request:
		 * { provider?, method?, pathIncludes?, kind: 'status'|'drop-before'|'drop-after'|'slow',
		 *   status?, retryAfter?, body?, delayMs?, times?, rate? }
		 */
		faults: [],
	};
}

function createSandbox() {
	const sandbox = {
		knobs: defaultKnobs(),
		state: emptyState(),
		stats: emptyStats(),
		/** @type {Map<string, { count: number, resetAt: number, lockedUntil: number }>} */
		windows: new Map(),
	};

	const server = http.createServer((req, res) => {
		handle(sandbox, req, res).catch((error) => {
			if (!res.headersSent) send(res, 500, { error: String(error && error.message) });
		});
	});
	server.keepAliveTimeout = 5000;

	return {
		server,
		sandbox,
		/** @param {number} [port] */
		listen(port = 0) {
			return new Promise((resolve) => {
				server.listen(port, '127.0.0.1', () => {
					const address = /** @type {import('node:net').AddressInfo} */ (server.address());
					resolve(`http://127.0.0.1:${address.port}`);
				});
			});
		},
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			});
		},
	};
}

function emptyState() {
	return {
		leonardo: {
			user: { id: 'sandbox-user-1', username: 'sandbox' },
			/** @type {Map<string, any>} */ initImages: new Map(),
			/** @type {Map<string, any>} */ pendingUploads: new Map(),
			/** @type {Map<string, any>} */ generations: new Map(),
		},
		cloudflare: {
			/** @type {Map<string, any>} */ images: new Map(),
			/** @type {Set<string>} */ batchTokens: new Set(),
		},
		imagekit: {
			/** @type {Map<string, any>} */ files: new Map(),
			/** @type {Map<string, any>} */ purges: new Map(),
		},
	};
}

function emptyStats() {
	return {
		/** @type {Array<{ provider: string, method: string, rawPath: string, auth: string, status: number }>} */
		requests: [],
		requestCount: 0,
		/** How often each `provider:id` was really deleted. */
		/** @type {Map<string, number>} */ deletes: new Map(),
		inFlight: 0,
		peakInFlight: 0,
		rateLimited: 0,
		faultsInjected: 0,
	};
}

// ---------------------------------------------------------------------------------------------
// Seeding

/**
 * @param {any} sandbox
 * @param {{ leonardo?: { initImages?: number|Array<any>, generations?: number|Array<any> },
 *           cloudflare?: { images?: number|Array<any> }, imagekit?: { files?: number|Array<any> } }} seed
 */
function seed(sandbox, seed) {
	const now = Date.now();
	const list = (value, prefix) =>
		typeof value === 'number'
			? Array.from({ length: value }, (_, index) => ({
					id: `${prefix}-${index + 1}`,
					ageDays: index % 60,
				}))
			: (value ?? []);
	const at = (item) => new Date(now - (item.ageDays ?? 0) * DAY).toISOString();
	const { leonardo, cloudflare, imagekit } = sandbox.state;
	for (const item of list(seed.leonardo?.initImages, 'init')) {
		const id = item.id ?? randomUUID();
		leonardo.initImages.set(id, {
			id,
			url: `https://sandbox.invalid/init/${id}.png`,
			createdAt: at(item),
		});
	}
	for (const item of list(seed.leonardo?.generations, 'gen')) {
		const id = item.id ?? randomUUID();
		leonardo.generations.set(
			id,
			generation(id, item.prompt ?? 'a sandbox landscape', at(item), 'COMPLETE'),
		);
	}
	for (const item of list(seed.cloudflare?.images, 'cf-img')) {
		const id = item.id ?? randomUUID();
		cloudflare.images.set(
			id,
			cloudflareImage(id, item.filename ?? `${id}.png`, at(item), item.creator),
		);
	}
	for (const item of list(seed.imagekit?.files, 'ik-file')) {
		const id = item.id ?? randomBytes(12).toString('hex');
		imagekit.files.set(
			id,
			imageKitFile(id, item.name ?? `${id}.png`, item.folder ?? '/', at(item), item.tags),
		);
	}
}

/** A sample set for the playground: some recent images, some older than 30 days. */
function seedSample(sandbox) {
	const ages = [1, 3, 10, 31, 45, 90];
	seed(sandbox, {
		leonardo: {
			initImages: ages.map((ageDays, index) => ({
				id: `0f0e5b9a-0000-4000-8000-00000000000${index + 1}`,
				ageDays,
			})),
			generations: ages.slice(0, 3).map((ageDays, index) => ({
				id: `9a8b7c6d-0000-4000-8000-00000000000${index + 1}`,
				ageDays,
			})),
		},
		cloudflare: { images: ages.map((ageDays, index) => ({ id: `sample-${index + 1}`, ageDays })) },
		imagekit: {
			files: ages.map((ageDays, index) => ({
				id: `sample-file-${index + 1}`,
				ageDays,
				folder: '/samples',
			})),
		},
	});
}

function generation(id, prompt, createdAt, status, initImageId) {
	return {
		id,
		status,
		createdAt,
		prompt,
		modelId: 'sandbox-model',
		imageWidth: 512,
		imageHeight: 512,
		initImageId: initImageId ?? null,
		polls: 0,
		generated_images:
			status === 'COMPLETE'
				? [{ id: `${id}-img-1`, url: `https://sandbox.invalid/gen/${id}/1.png`, nsfw: false }]
				: [],
	};
}

function cloudflareImage(id, filename, uploaded, creator) {
	return {
		id,
		filename,
		meta: {},
		requireSignedURLs: false,
		uploaded,
		creator: creator ?? null,
		variants: [`https://imagedelivery.invalid/sandbox/${encodeURIComponent(id)}/public`],
	};
}

function imageKitFile(fileId, name, folder, createdAt, tags) {
	const filePath = `${folder.replace(/\/+$/, '')}/${name}`;
	return {
		fileId,
		type: 'file',
		name,
		filePath,
		url: `https://ik.imagekit.invalid/sandbox${filePath}`,
		thumbnail: `https://ik.imagekit.invalid/sandbox/tr:n-ik_ml_thumbnail${filePath}`,
		fileType: 'image',
		mime: 'image/png',
		height: 512,
		width: 512,
		size: 1024,
		tags: tags ?? null,
		isPrivateFile: false,
		createdAt,
		updatedAt: createdAt,
	};
}

// ---------------------------------------------------------------------------------------------
// Request handling

const PROVIDERS = [
	{ prefix: '/leonardo/api/rest/v1', provider: 'leonardo', handler: leonardoRoutes },
	{ prefix: '/leonardo-upload/', provider: 'leonardo-upload', handler: leonardoUpload },
	{ prefix: '/cloudflare/client/v4', provider: 'cloudflare', handler: cloudflareRoutes },
	{ prefix: '/cloudflare-batch', provider: 'cloudflareBatch', handler: cloudflareBatchRoutes },
	{ prefix: '/imagekit-upload', provider: 'imagekit-upload', handler: imagekitUpload },
	{ prefix: '/imagekit', provider: 'imagekit', handler: imagekitRoutes },
];

async function handle(sandbox, req, res) {
	const rawPath = req.url ?? '/';
	const [pathname, query = ''] = rawPath.split('?');
	if (pathname.startsWith('/_sandbox'))
		return await control(sandbox, req, res, pathname, new URLSearchParams(query));

	const route = PROVIDERS.find(({ prefix }) => pathname.startsWith(prefix));
	if (!route) return send(res, 404, { error: 'no such provider route in the sandbox' });

	const { stats, knobs } = sandbox;
	stats.inFlight++;
	stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
	const entry = {
		provider: route.provider,
		method: req.method ?? 'GET',
		rawPath,
		auth: describeAuth(req),
		status: 0,
	};
	stats.requestCount++;
	if (stats.requests.length < REQUEST_LOG_LIMIT) stats.requests.push(entry);
	res.on('close', () => {
		stats.inFlight--;
		entry.status = res.statusCode;
	});

	const body = await readBody(req);
	if (knobs.latencyMs > 0) await wait(knobs.latencyMs);

	const call = {
		sandbox,
		req,
		res,
		method: req.method ?? 'GET',
		path: pathname.slice(route.prefix.length) || '/',
		query: new URLSearchParams(query),
		body,
		provider: route.provider,
	};
	const fault = pickFault(knobs.faults, call);
	if (fault) {
		stats.faultsInjected++;
		if (fault.kind === 'drop-before') return req.socket.destroy();
		if (fault.kind === 'status') {
			const headers =
				fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
			return sendRaw(
				res,
				fault.status ?? 503,
				fault.body ?? faultBody(fault.status ?? 503),
				headers,
			);
		}
		if (fault.kind === 'slow') await wait(fault.delayMs ?? 60_000);
	}
	if (!rateLimitAllows(sandbox, call)) return;
	if (fault && fault.kind === 'drop-after') {
		// The provider acts, then the answer is lost.
		const devnull = { ...call, res: fakeResponse() };
		await route.handler(devnull);
		return req.socket.destroy();
	}
	await route.handler(call);
}

function faultBody(status) {
	return status === 429
		? JSON.stringify({ message: 'Too many requests' })
		: `<html><body><h1>${status} ${http.STATUS_CODES[status] ?? ''}</h1></body></html>`;
}

function pickFault(faults, call) {
	for (const fault of faults) {
		if (fault.provider && fault.provider !== call.provider) continue;
		if (fault.method && fault.method !== call.method) continue;
		if (fault.pathIncludes && !call.req.url.includes(fault.pathIncludes)) continue;
		if (fault.times !== undefined) {
			if (fault.times <= 0) continue;
			fault.times--;
			return fault;
		}
		if (fault.rate !== undefined && Math.random() >= fault.rate) continue;
		return fault;
	}
	return undefined;
}

/** Fixed windows per provider and key; Cloudflare locks the key out for five minutes. */
function rateLimitAllows(sandbox, call) {
	const { knobs, stats } = sandbox;
	const limits = knobs.rateLimits[call.provider];
	if (!knobs.rateLimited || !limits) {
		if (call.provider === 'imagekit')
			setImageKitHeaders(call.res, limits ?? defaultRateLimits().imagekit, 0, Date.now() + 1000);
		return true;
	}
	const key = `${call.provider}:${call.req.headers.authorization ?? call.req.headers['x-auth-key'] ?? ''}`;
	const now = Date.now();
	let window = sandbox.windows.get(key);
	if (!window || window.resetAt <= now) {
		window = { count: 0, resetAt: now + limits.windowMs, lockedUntil: window?.lockedUntil ?? 0 };
		sandbox.windows.set(key, window);
	}
	if (window.lockedUntil > now) {
		stats.rateLimited++;
		refuseRate(call, Math.ceil((window.lockedUntil - now) / 1000), limits, window);
		return false;
	}
	window.count++;
	if (call.provider === 'imagekit')
		setImageKitHeaders(call.res, limits, window.count, window.resetAt);
	if (window.count <= limits.limit) return true;
	stats.rateLimited++;
	if (limits.lockoutMs) window.lockedUntil = now + limits.lockoutMs;
	refuseRate(
		call,
		Math.ceil(((limits.lockoutMs ? window.lockedUntil : window.resetAt) - now) / 1000),
		limits,
		window,
	);
	return false;
}

function setImageKitHeaders(res, limits, _count, resetAt) {
	res.setHeader('X-RateLimit-Limit', String(limits.limit));
	res.setHeader('X-RateLimit-Reset', String(Math.max(0, resetAt - Date.now())));
	res.setHeader('X-RateLimit-Interval', String(limits.windowMs));
}

function refuseRate(call, retryAfterSeconds, _limits, _window) {
	const headers = { 'Retry-After': String(Math.max(1, retryAfterSeconds)) };
	if (call.provider === 'cloudflare' || call.provider === 'cloudflareBatch') {
		return send(
			call.res,
			429,
			envelope(null, [
				{ code: 971, message: 'Please wait and consider throttling your request speed' },
			]),
			headers,
		);
	}
	if (call.provider === 'imagekit') return send(call.res, 429, { message: 'Too many requests' });
	return send(
		call.res,
		429,
		{ error: 'Too many requests', path: '$', code: 'rate-limit' },
		headers,
	);
}

// ---------------------------------------------------------------------------------------------
// Leonardo AI

const LEONARDO_UNAUTHORIZED = {
	error: 'Authentication hook unauthorized this request',
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
				return send(res, 400, { error: 'invalid file extension', path: '$', code: 'unexpected' });
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
			if (input.initImageId && !state.initImages.has(input.initImageId)) {
				return send(res, 400, { error: 'init image not found', path: '$', code: 'unexpected' });
			}
			const id = randomUUID();
			const job = generation(
				id,
				input.prompt,
				new Date().toISOString(),
				'PENDING',
				input.initImageId,
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
					job.generated_images = [
						{ id: `${id}-img-1`, url: `https://sandbox.invalid/gen/${id}/1.png`, nsfw: false },
					];
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

// ---------------------------------------------------------------------------------------------
// Cloudflare Images

function envelope(result, errors = [], extra = {}) {
	return { success: errors.length === 0, errors, messages: [], result, ...extra };
}

function cloudflareAuth(req) {
	const authorization = req.headers.authorization;
	if (authorization) {
		return authorization === `Bearer ${KEYS.cloudflareToken}`
			? undefined
			: [401, 9109, 'Invalid access token'];
	}
	const email = req.headers['x-auth-email'];
	const key = req.headers['x-auth-key'];
	if (!email || !key)
		return [400, 9106, 'Missing X-Auth-Key, X-Auth-Email or Authorization headers'];
	return email === KEYS.cloudflareEmail && key === KEYS.cloudflareGlobalKey
		? undefined
		: [403, 9103, 'Unknown X-Auth-Key or X-Auth-Email'];
}

async function cloudflareRoutes(call) {
	const { res, method, sandbox } = call;
	const refused = cloudflareAuth(call.req);
	if (refused)
		return send(res, refused[0], envelope(null, [{ code: refused[1], message: refused[2] }]));
	const match = /^\/accounts\/([^/]+)\/images\/(v1|v2)(\/.*)?$/.exec(call.path);
	if (!match)
		return send(res, 404, envelope(null, [{ code: 7003, message: 'No route for the URI' }]));
	if (decodeURIComponent(match[1]) !== KEYS.cloudflareAccount) {
		return send(res, 403, envelope(null, [{ code: 10000, message: 'Authentication error' }]));
	}
	const images = sandbox.state.cloudflare.images;
	const rest = match[3] ?? '';
	if (match[2] === 'v2') {
		if (method !== 'GET' || rest)
			return send(res, 404, envelope(null, [{ code: 7003, message: 'No route for the URI' }]));
		return cloudflareList(call, images);
	}
	if (rest === '/stats' && method === 'GET') {
		return send(res, 200, envelope({ count: { current: images.size, allowed: 100_000 } }));
	}
	if (rest === '/batch_token' && method === 'GET') {
		const token = `batch_${randomBytes(16).toString('hex')}`;
		sandbox.state.cloudflare.batchTokens.add(token);
		return send(
			res,
			200,
			envelope({ token, expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
		);
	}
	if (rest === '' && method === 'POST') return cloudflareUpload(call, images);
	return cloudflareImageRoute(call, images, rest);
}

/** GET/DELETE /images/v1/{id}: the id is one path segment, URL-decoded once. */
function cloudflareImageRoute(call, images, rest) {
	const { res, method, sandbox } = call;
	const segment = rest.slice(1);
	if (!rest.startsWith('/') || segment === '' || segment.includes('/')) {
		return send(res, 404, envelope(null, [{ code: 7003, message: 'No route for the URI' }]));
	}
	const id = decodeURIComponent(segment);
	const image = images.get(id);
	if (!image) return send(res, 404, envelope(null, [{ code: 5404, message: 'Image not found' }]));
	if (method === 'GET') return send(res, 200, envelope(image));
	if (method === 'DELETE') {
		images.delete(id);
		countDelete(sandbox, 'cloudflare', id);
		return send(res, 200, envelope({}));
	}
	return send(res, 405, envelope(null, [{ code: 10405, message: 'Method not allowed' }]));
}

function cloudflareList(call, images) {
	const perPage = Math.min(Math.max(Number(call.query.get('per_page') ?? 1000), 10), 10_000);
	const order = call.query.get('sort_order') === 'asc' ? 1 : -1;
	const creator = call.query.get('creator');
	const token = call.query.get('continuation_token');
	const all = [...images.values()]
		.filter((image) => !creator || image.creator === creator)
		.sort((a, b) => order * (a.uploaded.localeCompare(b.uploaded) || a.id.localeCompare(b.id)));
	const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
	const page = all.slice(start, start + perPage);
	const next =
		start + perPage < all.length
			? Buffer.from(String(start + perPage)).toString('base64url')
			: null;
	return send(call.res, 200, envelope({ images: page, continuation_token: next }));
}

function cloudflareUpload(call, images) {
	const parts = parseMultipart(call.req.headers['content-type'], call.body.raw);
	const id = parts.fields.id || randomUUID();
	if (images.has(id))
		return send(
			call.res,
			409,
			envelope(null, [{ code: 5409, message: 'Resource already exists' }]),
		);
	const file = parts.files.file;
	if (!file && !parts.fields.url)
		return send(
			call.res,
			400,
			envelope(null, [{ code: 5400, message: 'Bad request: file or url is required' }]),
		);
	if (file && file.length > 10 * 1024 * 1024)
		return send(call.res, 413, envelope(null, [{ code: 5413, message: 'Image too large' }]));
	let meta = {};
	if (parts.fields.metadata) {
		if (Buffer.byteLength(parts.fields.metadata) > 1024)
			return send(call.res, 400, envelope(null, [{ code: 5400, message: 'Metadata too large' }]));
		try {
			meta = JSON.parse(parts.fields.metadata);
		} catch {
			return send(call.res, 400, envelope(null, [{ code: 5400, message: 'Invalid metadata' }]));
		}
	}
	const image = cloudflareImage(
		id,
		parts.filenames.file ?? (parts.fields.url ? parts.fields.url.split('/').pop() : `${id}.png`),
		new Date().toISOString(),
		parts.fields.creator,
	);
	image.meta = meta;
	image.requireSignedURLs = parts.fields.requireSignedURLs === 'true';
	images.set(id, image);
	return send(call.res, 200, envelope(image));
}

/** The batch host: the same image routes, with a batch token, outside the global limit. */
async function cloudflareBatchRoutes(call) {
	const { res, sandbox } = call;
	const token = bearer(call.req);
	if (!token || !sandbox.state.cloudflare.batchTokens.has(token)) {
		return send(res, 401, envelope(null, [{ code: 9109, message: 'Invalid access token' }]));
	}
	const match = /^\/images\/v1(\/.*)?$/.exec(call.path);
	if (!match)
		return send(res, 404, envelope(null, [{ code: 7003, message: 'No route for the URI' }]));
	return cloudflareImageRoute(call, sandbox.state.cloudflare.images, match[1] ?? '');
}

// ---------------------------------------------------------------------------------------------
// ImageKit

function imagekitAuth(req) {
	const authorization = req.headers.authorization ?? '';
	if (!authorization.startsWith('Basic '))
		return [401, 'Your request does not contain private API key.'];
	const [user] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
	return user === KEYS.imagekit ? undefined : [403, 'Your account cannot be authenticated.'];
}

async function imagekitRoutes(call) {
	const { res, method, sandbox, body } = call;
	const refused = imagekitAuth(call.req);
	if (refused)
		return send(res, refused[0], {
			message: refused[1],
			help: 'For support kindly contact us at support@imagekit.io .',
		});
	const files = sandbox.state.imagekit.files;
	const segments = splitPath(call.path);
	if (!segments || segments[0] !== 'v1' || segments[1] !== 'files')
		return send(res, 404, { message: 'Not found' });

	if (segments.length === 2 && method === 'GET') return imagekitList(call, files);
	if (segments[2] === 'batch' && segments[3] === 'deleteByFileIds' && method === 'POST') {
		return imagekitBatchDelete(call, files, body.json?.fileIds);
	}
	if (segments[2] === 'purge') {
		const purges = sandbox.state.imagekit.purges;
		if (segments.length === 3 && method === 'POST') {
			if (!body.json?.url) return send(res, 400, { message: 'url is required' });
			const requestId = randomBytes(12).toString('hex');
			purges.set(requestId, { url: body.json.url, polls: 0 });
			return send(res, 201, { requestId });
		}
		if (segments.length === 4 && method === 'GET') {
			const purge = purges.get(segments[3]);
			if (!purge) return send(res, 404, { message: 'The requested purge request does not exist.' });
			return send(res, 200, { status: ++purge.polls > 1 ? 'Completed' : 'Pending' });
		}
	}
	if (segments.length === 4 && segments[3] === 'details' && method === 'GET') {
		const file = files.get(segments[2]);
		return file
			? send(res, 200, file)
			: send(res, 404, { message: 'The requested file does not exist.', help: '' });
	}
	if (segments.length === 3 && method === 'DELETE') {
		const id = segments[2];
		if (!id.trim())
			return send(res, 400, {
				message: 'Your request contains invalid fileId parameter.',
				help: '',
			});
		if (!files.has(id))
			return send(res, 404, {
				message: 'The requested file does not exist.',
				help: 'For support kindly contact us at support@imagekit.io .',
			});
		files.delete(id);
		countDelete(sandbox, 'imagekit', id);
		res.writeHead(204);
		return res.end();
	}
	return send(res, 404, { message: 'Not found' });
}

function imagekitList(call, files) {
	const limit = Math.min(Math.max(Number(call.query.get('limit') ?? 1000), 1), 1000);
	const skip = Math.max(Number(call.query.get('skip') ?? 0), 0);
	const path = call.query.get('path');
	const fileType = call.query.get('fileType');
	const search = call.query.get('searchQuery');
	let list = [...files.values()];
	if (path)
		list = list.filter((file) => file.filePath.startsWith(path.endsWith('/') ? path : `${path}/`));
	if (fileType && fileType !== 'all') list = list.filter((file) => file.fileType === fileType);
	if (search) list = list.filter(searchFilter(search));
	list.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.fileId.localeCompare(b.fileId));
	return send(call.res, 200, list.slice(skip, skip + limit));
}

/** Supports what the examples use: `createdAt < "<ISO>"` / `createdAt > "<ISO>"` and `name = "<x>"`. */
function searchFilter(query) {
	const match = /^\s*(createdAt|updatedAt|name)\s*(<=|>=|<|>|=)\s*"([^"]*)"\s*$/.exec(query);
	if (!match) return () => true;
	const [, field, op, value] = match;
	return (file) => {
		const left = field === 'name' ? file.name : Date.parse(file[field]);
		const right = field === 'name' ? value : Date.parse(value);
		return op === '<'
			? left < right
			: op === '>'
				? left > right
				: op === '<='
					? left <= right
					: op === '>='
						? left >= right
						: left === right;
	};
}

function imagekitBatchDelete(call, files, fileIds) {
	const { res, sandbox } = call;
	if (!Array.isArray(fileIds) || fileIds.length === 0)
		return send(res, 400, { message: 'fileIds is required' });
	if (fileIds.length > 100)
		return send(res, 400, { message: 'A maximum of 100 fileIds can be deleted at once.' });
	const missing = fileIds.filter((id) => !files.has(id));
	if (missing.length > 0 && !sandbox.knobs.imagekitBatchDeletesOnMissing) {
		return send(res, 404, {
			message: 'The requested file(s) does not exist.',
			missingFileIds: missing,
		});
	}
	const deleted = [];
	for (const id of fileIds) {
		if (files.delete(id)) {
			deleted.push(id);
			countDelete(sandbox, 'imagekit', id);
		}
	}
	if (missing.length > 0)
		return send(res, 404, {
			message: 'The requested file(s) does not exist.',
			missingFileIds: missing,
		});
	return send(res, 200, { successfullyDeletedFileIds: deleted });
}

async function imagekitUpload(call) {
	const { res, sandbox } = call;
	const refused = imagekitAuth(call.req);
	if (refused) return send(res, refused[0], { message: refused[1], help: '' });
	if (call.path !== '/api/v1/files/upload' || call.method !== 'POST')
		return send(res, 404, { message: 'Not found' });
	const parts = parseMultipart(call.req.headers['content-type'], call.body.raw);
	const fileName = parts.fields.fileName;
	if (!fileName)
		return send(res, 400, { message: 'Missing fileName parameter for upload', help: '' });
	if (!parts.files.file && !parts.fields.file)
		return send(res, 400, { message: 'Missing file parameter for upload', help: '' });
	const useUnique = parts.fields.useUniqueFileName !== 'false';
	const name = useUnique
		? fileName.replace(/(\.[^.]*)?$/, (ext) => `_${randomBytes(4).toString('hex')}${ext ?? ''}`)
		: fileName;
	const id = randomBytes(12).toString('hex');
	const tags = parts.fields.tags
		? parts.fields.tags
				.split(',')
				.map((tag) => tag.trim())
				.filter(Boolean)
		: null;
	const file = imageKitFile(id, name, parts.fields.folder || '/', new Date().toISOString(), tags);
	file.isPrivateFile = parts.fields.isPrivateFile === 'true';
	sandbox.state.imagekit.files.set(id, file);
	return send(res, 200, file);
}

// ---------------------------------------------------------------------------------------------
// Control API

/**
 * Back to a fresh sandbox: empty state and counters, default knobs (plus `knobs`, copied: fault
 * counters count down), then `seed` — 'sample' for the playground's samples, or a seed object.
 */
function reset(sandbox, { seed: seedWith, knobs } = {}) {
	sandbox.state = emptyState();
	sandbox.stats = emptyStats();
	sandbox.windows.clear();
	sandbox.knobs = { ...defaultKnobs(), ...structuredClone(knobs ?? {}) };
	if (seedWith === 'sample') seedSample(sandbox);
	else if (seedWith) seed(sandbox, seedWith);
}

async function control(sandbox, req, res, pathname, query) {
	const body = await readBody(req);
	const input = body.json ?? {};
	const { stats, state } = sandbox;
	switch (`${req.method} ${pathname}`) {
		case 'GET /_sandbox/health':
			return send(res, 200, { ok: true });
		case 'GET /_sandbox/state':
			return send(res, 200, {
				leonardo: {
					initImages: [...state.leonardo.initImages.keys()],
					generations: [...state.leonardo.generations.values()].map(({ id, status }) => ({
						id,
						status,
					})),
				},
				cloudflare: { images: [...state.cloudflare.images.keys()] },
				imagekit: {
					files: [...state.imagekit.files.keys()],
					purges: [...state.imagekit.purges.values()].map(({ url }) => url),
				},
			});
		case 'GET /_sandbox/stats': {
			const deletes = [...stats.deletes.entries()];
			const byProvider = {};
			for (const { provider, status } of stats.requests) {
				byProvider[provider] ??= { requests: 0, rateLimited: 0 };
				byProvider[provider].requests++;
				if (status === 429) byProvider[provider].rateLimited++;
			}
			return send(res, 200, {
				requests: stats.requestCount,
				byProvider,
				peakInFlight: stats.peakInFlight,
				rateLimited: stats.rateLimited,
				faultsInjected: stats.faultsInjected,
				deleted: deletes.length,
				deletedMoreThanOnce: deletes.filter(([, count]) => count > 1).map(([id]) => id),
			});
		}
		case 'GET /_sandbox/requests': {
			const provider = query.get('provider');
			const list = provider
				? stats.requests.filter((entry) => entry.provider === provider)
				: stats.requests;
			return send(res, 200, list.slice(-Number(query.get('limit') ?? 1000)));
		}
		case 'GET /_sandbox/deletes':
			return send(res, 200, Object.fromEntries(stats.deletes));
		case 'POST /_sandbox/reset':
			reset(sandbox, { seed: input.seed ?? query.get('seed') ?? undefined, knobs: input.knobs });
			return send(res, 200, { ok: true });
		case 'POST /_sandbox/seed':
			if (input === 'sample' || input.sample) seedSample(sandbox);
			else seed(sandbox, input);
			return send(res, 200, { ok: true });
		case 'POST /_sandbox/knobs':
			Object.assign(sandbox.knobs, {
				...input,
				rateLimits: { ...sandbox.knobs.rateLimits, ...(input.rateLimits ?? {}) },
			});
			if (input.faults) sandbox.knobs.faults = input.faults.map((fault) => ({ ...fault }));
			return send(res, 200, sandbox.knobs);
		case 'GET /_sandbox/knobs':
			return send(res, 200, sandbox.knobs);
		default:
			return send(res, 404, { error: 'unknown control route' });
	}
}

// ---------------------------------------------------------------------------------------------
// Helpers

function countDelete(sandbox, provider, id) {
	const key = `${provider}:${id}`;
	sandbox.stats.deletes.set(key, (sandbox.stats.deletes.get(key) ?? 0) + 1);
}

function describeAuth(req) {
	const authorization = req.headers.authorization ?? '';
	if (authorization.startsWith('Bearer ')) return 'bearer';
	if (authorization.startsWith('Basic ')) return 'basic';
	if (req.headers['x-auth-key']) return 'global-key';
	return 'none';
}

function bearer(req) {
	const authorization = req.headers.authorization ?? '';
	return authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined;
}

/** Path segments below a prefix, each URL-decoded once; undefined when a segment is malformed. */
function splitPath(path) {
	try {
		return path
			.split('/')
			.filter(Boolean)
			.map((segment) => decodeURIComponent(segment));
	} catch {
		return undefined;
	}
}

function readBody(req) {
	return new Promise((resolve) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			let json;
			if ((req.headers['content-type'] ?? '').includes('json') && raw.length > 0) {
				try {
					json = JSON.parse(raw.toString());
				} catch {
					json = undefined;
				}
			}
			resolve({ raw, json });
		});
		req.on('error', () => resolve({ raw: Buffer.alloc(0), json: undefined }));
	});
}

/** A small multipart/form-data reader: fields as text, files as buffers. */
function parseMultipart(contentType, raw) {
	const result = {
		fields: /** @type {Record<string,string>} */ ({}),
		files: /** @type {Record<string,Buffer>} */ ({}),
		filenames: /** @type {Record<string,string>} */ ({}),
	};
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
	if (!boundary) return result;
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	let start = raw.indexOf(delimiter);
	while (start !== -1) {
		const next = raw.indexOf(delimiter, start + delimiter.length);
		if (next === -1) break;
		const part = raw.subarray(start + delimiter.length + 2, next - 2);
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd !== -1) {
			const headers = part.subarray(0, headerEnd).toString();
			const content = part.subarray(headerEnd + 4);
			const name = /name="([^"]*)"/.exec(headers)?.[1];
			const filename = /filename="([^"]*)"/.exec(headers)?.[1];
			if (name !== undefined) {
				if (filename !== undefined) {
					result.files[name] = Buffer.from(content);
					result.filenames[name] = filename;
				} else result.fields[name] = content.toString();
			}
		}
		start = next;
	}
	return result;
}

function send(res, status, body, headers = {}) {
	sendRaw(res, status, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers });
}

function sendRaw(res, status, text, headers = {}) {
	if (res.headersSent) return;
	res.writeHead(status, {
		'Content-Type': text.startsWith('<') ? 'text/html' : 'application/json',
		...headers,
	});
	res.end(text);
}

function fakeResponse() {
	const res = new http.ServerResponse(
		/** @type {any} */ ({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1 }),
	);
	return res;
}

function wait(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { createSandbox, reset, seed, seedSample, KEYS, defaultRateLimits };
