// @ts-check
'use strict';
/**
 * What the three imitated providers share: the sandbox's keys, knobs and counters, injected
 * faults, rate-limit windows, and the HTTP helpers (bodies, multipart, answers).
 */
const { createHash } = require('node:crypto');
const http = require('node:http');
const zlib = require('node:zlib');

const { SANDBOX_KEYS: KEYS } = require('../test/fixtures/providers');

const DAY = 24 * 60 * 60 * 1000;

/**
 * The published limits, per lane (sandbox/RULES.md has each source). A request counts in every
 * lane its route names (`rateLanes`): a Leonardo generation create in `leonardo` and
 * `leonardoCreate`, a Cloudflare API call in `cloudflareBurst` and `cloudflare`, an ImageKit call
 * in its endpoint's own lane (`imagekitPurge`, or `imagekit` for an endpoint without its own
 * entry: each endpoint still counts on its own). ImageKit publishes no figures: 40 requests/s per
 * endpoint, 10 for purges, stand in. A lane set to `null` is not limited (nor listed).
 */
function defaultRateLimits() {
	return {
		leonardo: { limit: 2000, windowMs: 60_000 },
		leonardoCreate: { limit: 100, windowMs: 60_000 },
		cloudflare: { limit: 1200, windowMs: 300_000, lockoutMs: 300_000 },
		cloudflareBurst: { limit: 200, windowMs: 1000 },
		cloudflareBatch: { limit: 200, windowMs: 1000 },
		imagekit: { limit: 40, windowMs: 1000 },
		imagekitPurge: { limit: 10, windowMs: 1000 },
	};
}

/** Every knob, with its default: sandbox/README.md documents each. */
function defaultKnobs() {
	return {
		latencyMs: 0,
		rateLimited: true,
		rateLimits: defaultRateLimits(),
		leonardoUnknownDelete: 'null',
		leonardoRetryAfter: true,
		leonardoConcurrency: 10,
		leonardoQueueLimit: 200,
		leonardoUploadExpiryMs: 120_000,
		generationPolls: 2,
		generationMs: 10_000,
		imagekitBatchDeletesOnMissing: true,
		cloudflareBatchTokens: true,
		imagekitFilesOnSandbox: false,
		leonardoImagesOnSandbox: false,
		faults: [],
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

/**
 * Fixed windows per lane and key, counted across every client that uses the key. A route names the
 * lanes a request counts in (`rateLanes(call)`, by default its provider's one lane); each lane has
 * its own window, and the request is refused when one of them is over its limit (or locked out:
 * Cloudflare locks the key out for `lockoutMs`). The route answers a refusal in its provider's
 * shape (`refuseRate(call, headers, lane)`) and may add its provider's rate headers to every
 * answer (`rateHeaders(res, lanes)`, each lane with `limits`, `resetAt` and `used`: what is left
 * is `limit - used`, for everyone using the key).
 */
function rateLimitAllows(sandbox, call) {
	const { knobs, stats } = sandbox;
	const { route } = call;
	const named = route.rateLanes
		? route.rateLanes(call, knobs.rateLimits)
		: [{ lane: call.provider, limits: knobs.rateLimits[call.provider] }];
	if (!knobs.rateLimited) {
		const fresh = named.map(({ lane, limits }) => ({
			lane,
			limits: limits ?? defaultRateLimits()[lane],
			resetAt: Date.now() + 1000,
			used: 0,
		}));
		route.rateHeaders?.(
			call.res,
			fresh.filter(({ limits }) => limits),
		);
		return true;
	}
	const auth = call.req.headers.authorization ?? call.req.headers['x-auth-key'] ?? '';
	const now = Date.now();
	const lanes = named
		.filter(({ limits }) => limits)
		.map(({ lane, limits }) => {
			const key = `${lane}:${auth}`;
			let window = sandbox.windows.get(key);
			if (!window || window.resetAt <= now) {
				window = {
					count: 0,
					resetAt: now + limits.windowMs,
					lockedUntil: window?.lockedUntil ?? 0,
				};
				sandbox.windows.set(key, window);
			}
			return { lane, limits, window };
		});
	const headersOf = () =>
		lanes.map(({ lane, limits, window }) => ({
			lane,
			limits,
			resetAt: window.lockedUntil > now ? window.lockedUntil : window.resetAt,
			used: window.lockedUntil > now ? limits.limit : window.count,
		}));
	const locked = lanes.find(({ window }) => window.lockedUntil > now);
	if (locked) {
		stats.rateLimited++;
		route.rateHeaders?.(call.res, headersOf(), locked.lane);
		route.refuseRate(call, retryAfter(locked.window.lockedUntil - now), locked.lane);
		return false;
	}
	for (const { window } of lanes) window.count++;
	const over = lanes.find(({ limits, window }) => window.count > limits.limit);
	if (!over) {
		route.rateHeaders?.(call.res, headersOf());
		return true;
	}
	stats.rateLimited++;
	if (over.limits.lockoutMs) over.window.lockedUntil = now + over.limits.lockoutMs;
	route.rateHeaders?.(call.res, headersOf(), over.lane);
	route.refuseRate(
		call,
		retryAfter((over.limits.lockoutMs ? over.window.lockedUntil : over.window.resetAt) - now),
		over.lane,
	);
	return false;
}

function retryAfter(ms) {
	return { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) };
}

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

/** CRC-32 of PNG chunks (ISO 3309, as PNG's specification gives it). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(/** @type {Buffer} */ bytes) {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(/** @type {string} */ type, /** @type {Buffer} */ data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** Files larger than this keep their stand-in's own length (a seeded size is only for searches). */
const LARGEST_PADDED = 16 * 1024 * 1024;

/**
 * The bytes the sandbox serves for a file it was given no bytes of: a real 64×64 PNG of one colour
 * drawn from `key` (each file its own), padded with a `tEXt` chunk to `size` bytes when given, so
 * that what it serves is as long as the size it reports.
 * @param {string} key @param {number} [size]
 */
function standInPng(key, size) {
	const [red, green, blue] = createHash('sha256').update(key).digest();
	const side = 64;
	const row = Buffer.alloc(1 + side * 3);
	for (let x = 0; x < side; x++) row.set([red, green, blue], 1 + x * 3);
	const header = Buffer.alloc(13);
	header.writeUInt32BE(side, 0);
	header.writeUInt32BE(side, 4);
	header.set([8, 2, 0, 0, 0], 8);
	const parts = [
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', zlib.deflateSync(Buffer.concat(Array.from({ length: side }, () => row)))),
		pngChunk('IEND', Buffer.alloc(0)),
	];
	const comment = Buffer.from(`Comment\0sandbox stand-in for ${key}`, 'latin1');
	const bare = parts.reduce((total, part) => total + part.length, 0);
	const padding = (size ?? 0) - bare - 12 - comment.length;
	if (size !== undefined && size <= LARGEST_PADDED && padding >= 0)
		parts.splice(2, 0, pngChunk('tEXt', Buffer.concat([comment, Buffer.alloc(padding, 0x20)])));
	return Buffer.concat(parts);
}

/** Bytes given in a seed: a Buffer, or base64 text (what a JSON body can carry). */
function seededBytes(/** @type {unknown} */ value) {
	if (value === undefined || value === null) return undefined;
	return Buffer.isBuffer(value) ? Buffer.from(value) : Buffer.from(String(value), 'base64');
}

/** A file host's answer: the bytes and their type, nothing else (HEAD: the headers only). */
function sendFile(res, method, bytes, mimeType) {
	res.writeHead(200, { 'Content-Type': mimeType, 'Content-Length': String(bytes.length) });
	res.end(method === 'HEAD' ? undefined : bytes);
}

/** The sandbox's own origin, as the client reached it: where its file hosts are. */
function originOf(req) {
	return `http://${req.headers.host}`;
}

function wait(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = {
	KEYS,
	DAY,
	defaultRateLimits,
	defaultKnobs,
	emptyStats,
	faultBody,
	pickFault,
	rateLimitAllows,
	retryAfter,
	countDelete,
	describeAuth,
	bearer,
	splitPath,
	readBody,
	parseMultipart,
	send,
	sendRaw,
	fakeResponse,
	standInPng,
	seededBytes,
	sendFile,
	originOf,
	wait,
};
