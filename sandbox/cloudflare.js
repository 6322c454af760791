// @ts-check
'use strict';
/** Cloudflare Images, imitated: the v1/v2 image routes, stats, batch tokens and the batch host. */
const { randomBytes, randomUUID } = require('node:crypto');

const { KEYS, bearer, countDelete, parseMultipart, seededBytes, send } = require('./core');
const { SANDBOX_ACCOUNTS, WORDS } = require('../test/fixtures/providers');

function emptyState() {
	return {
		/** @type {Map<string, any>} */ images: new Map(),
		/** @type {Set<string>} */ batchTokens: new Set(),
	};
}

/**
 * `bytes` (a Buffer, or base64 text) are the image as uploaded, for `…/blob`; without them it
 * serves a 1×1 PNG.
 * @param {any} state @param {{ images?: any[] }} spec @param {(item: any) => string} at
 */
function seed(state, spec, at) {
	for (const item of spec.images ?? []) {
		const id = item.id ?? randomUUID();
		const image = cloudflareImage(id, item.filename ?? `${id}.png`, at(item), item.creator);
		const bytes = seededBytes(item.bytes);
		if (bytes) Object.defineProperty(image, 'blob', { value: bytes, enumerable: false });
		state.images.set(id, image);
	}
}

/** What `…/blob` serves for an image. */
function fileBytes(state, id) {
	const image = state.images.get(id);
	return image ? (image.blob ?? PIXEL_PNG) : undefined;
}

function view(state) {
	return { images: [...state.images.keys()] };
}

/** The name each lane's policy carries in Cloudflare's headers. */
const POLICY_NAMES = { cloudflareBurst: 'burst', cloudflare: 'default' };

/**
 * Cloudflare's IETF-draft headers on every answer (sandbox/RULES.md): `Ratelimit-Policy` lists
 * every policy the key is under, `"burst"` (`rateLimits.cloudflareBurst`) before `"default"`
 * (`rateLimits.cloudflare`, the account's window); `Ratelimit` names the one it reports — the
 * account's `"default"`, or the policy that refused the request. What is left is for every client
 * that uses the key.
 */
function rateHeaders(res, lanes, refusedBy) {
	const reported = lanes.find(({ lane }) => lane === (refusedBy ?? 'cloudflare')) ?? lanes.at(-1);
	if (!reported) return;
	const seconds = Math.max(0, Math.ceil((reported.resetAt - Date.now()) / 1000));
	const left = Math.max(0, reported.limits.limit - reported.used);
	res.setHeader('Ratelimit', `"${POLICY_NAMES[reported.lane]}";r=${left};t=${seconds}`);
	res.setHeader(
		'Ratelimit-Policy',
		lanes
			.map(
				({ lane, limits }) =>
					`"${POLICY_NAMES[lane]}";q=${limits.limit};w=${Math.max(1, Math.round(limits.windowMs / 1000))}`,
			)
			.join(', '),
	);
}

/** The burst policy, then the account's window: a call counts in both. */
function rateLanes(_call, rateLimits) {
	return [
		{ lane: 'cloudflareBurst', limits: rateLimits.cloudflareBurst },
		{ lane: 'cloudflare', limits: rateLimits.cloudflare },
	];
}

function refuseRate(call, headers) {
	const errors = [{ code: 971, message: 'Please wait and consider throttling your request speed' }];
	return send(call.res, 429, envelope(null, errors), headers);
}

/**
 * Each account's delivery hash, the start of its images' URLs (`variants`): another account's
 * URL carries another hash. The URLs are never fetched, only read.
 */
const ACCOUNT_HASHES = { [KEYS.cloudflareAccount]: SANDBOX_ACCOUNTS.cloudflareHash };

function cloudflareImage(id, filename, uploaded, creator) {
	const hash = ACCOUNT_HASHES[KEYS.cloudflareAccount];
	return {
		id,
		filename,
		meta: {},
		requireSignedURLs: false,
		uploaded,
		creator: creator ?? null,
		variants: [`https://imagedelivery.net/${hash}/${encodeURIComponent(id)}/public`],
	};
}

function envelope(result, errors = [], extra = {}) {
	return { success: errors.length === 0, errors, messages: [], result, ...extra };
}

function cloudflareAuth(req) {
	const authorization = req.headers.authorization;
	if (authorization) {
		return authorization === `Bearer ${KEYS.cloudflareToken}`
			? undefined
			: [401, WORDS.cloudflare.invalidToken];
	}
	const email = req.headers['x-auth-email'];
	const key = req.headers['x-auth-key'];
	if (!email || !key) return [400, WORDS.cloudflare.missingAuth];
	return email === KEYS.cloudflareEmail && key === KEYS.cloudflareGlobalKey
		? undefined
		: [403, WORDS.cloudflare.unknownKey];
}

async function cloudflareRoutes(call) {
	const { res, method, sandbox } = call;
	const refused = cloudflareAuth(call.req);
	if (refused) return send(res, refused[0], envelope(null, [refused[1]]));
	const match = /^\/accounts\/([^/]+)\/images\/(v1|v2)(\/.*)?$/.exec(call.path);
	if (!match)
		return send(res, 404, envelope(null, [{ code: 7003, message: 'No route for the URI' }]));
	if (decodeURIComponent(match[1]) !== KEYS.cloudflareAccount) {
		return send(res, 403, envelope(null, [WORDS.cloudflare.authError]));
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
		// An account (or token) without the batch API: the global limit is all there is.
		if (!sandbox.knobs.cloudflareBatchTokens)
			return send(res, 403, envelope(null, [WORDS.cloudflare.authError]));
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
	const blob = /^\/([^/]+)\/blob$/.exec(rest);
	if (blob && method === 'GET') return cloudflareBlob(call, images, decodeURIComponent(blob[1]));
	const segment = rest.slice(1);
	if (!rest.startsWith('/') || segment === '' || segment.includes('/')) {
		return send(res, 404, envelope(null, [{ code: 7003, message: 'No route for the URI' }]));
	}
	const id = decodeURIComponent(segment);
	const image = images.get(id);
	if (!image) return send(res, 404, envelope(null, [WORDS.cloudflare.notFound]));
	if (method === 'GET') return send(res, 200, envelope(image));
	if (method === 'DELETE') {
		images.delete(id);
		countDelete(sandbox, 'cloudflare', id);
		return send(res, 200, envelope({}));
	}
	return send(res, 405, envelope(null, [{ code: 10405, message: 'Method not allowed' }]));
}

/** A 1×1 PNG: what the sandbox holds for an image it was given no bytes of (seeded, or by URL). */
const PIXEL_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);

const MIME_BY_EXTENSION = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
};

/**
 * `GET …/images/v1/{id}/blob` (cloudflare-typescript `images.v1.blobs.get`): the image's bytes —
 * "for most images … the originally uploaded file" — not an envelope.
 */
function cloudflareBlob(call, images, id) {
	const image = images.get(id);
	if (!image) return send(call.res, 404, envelope(null, [WORDS.cloudflare.notFound]));
	const bytes = fileBytes(call.sandbox.state.cloudflare, id);
	const extension = /\.([^.]+)$/.exec(image.filename ?? '')?.[1]?.toLowerCase() ?? 'png';
	call.res.writeHead(200, {
		'Content-Type': image.blob ? (MIME_BY_EXTENSION[extension] ?? 'image/png') : 'image/png',
		'Content-Length': String(bytes.length),
	});
	call.res.end(bytes);
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
	// The bytes, for `…/blob`: kept out of the image's JSON.
	if (file) Object.defineProperty(image, 'blob', { value: Buffer.from(file), enumerable: false });
	images.set(id, image);
	return send(call.res, 200, envelope(image));
}

/** The batch host: the same image routes, with a batch token, outside the global limit. */
async function cloudflareBatchRoutes(call) {
	const { res, sandbox } = call;
	const token = bearer(call.req);
	if (!token || !sandbox.state.cloudflare.batchTokens.has(token)) {
		return send(res, 401, envelope(null, [WORDS.cloudflare.invalidToken]));
	}
	const match = /^\/images\/v1(\/.*)?$/.exec(call.path);
	if (!match)
		return send(res, 404, envelope(null, [{ code: 7003, message: 'No route for the URI' }]));
	return cloudflareImageRoute(call, sandbox.state.cloudflare.images, match[1] ?? '');
}

module.exports = {
	emptyState,
	seed,
	view,
	fileBytes,
	routes: [
		{
			prefix: '/cloudflare/client/v4',
			provider: 'cloudflare',
			handler: cloudflareRoutes,
			refuseRate,
			rateLanes,
			rateHeaders,
		},
		{
			prefix: '/cloudflare-batch',
			provider: 'cloudflareBatch',
			handler: cloudflareBatchRoutes,
			refuseRate,
		},
	],
};
