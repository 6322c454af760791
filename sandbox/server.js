// @ts-check
'use strict';
/**
 * The provider sandbox: Leonardo AI, Cloudflare Images and ImageKit imitated on one local port —
 * routes, envelopes, status codes, empty 204 bodies, auth checks, rate-limit headers and 429
 * lockouts — with knobs for latency, rate limits and injected faults, and a control API that
 * says what it received. Every route and knob: sandbox/README.md.
 *
 * `createSandbox()` gives the HTTP server and `control`, the same control API in process (what
 * the e2e suite, the bench and the playground use); `/_sandbox/…` serves it over HTTP.
 *
 * Dev tooling only: never part of the published package. It listens on 127.0.0.1 only.
 */
const http = require('node:http');

const {
	DAY,
	KEYS,
	defaultKnobs,
	emptyStats,
	faultBody,
	fakeResponse,
	pickFault,
	rateLimitAllows,
	describeAuth,
	readBody,
	send,
	sendRaw,
	wait,
} = require('./core');
const leonardo = require('./leonardo');
const cloudflare = require('./cloudflare');
const imagekit = require('./imagekit');

const PROVIDERS = { leonardo, cloudflare, imagekit };
const ROUTES = Object.values(PROVIDERS).flatMap((provider) => provider.routes);
const REQUEST_LOG_LIMIT = 100_000;

function emptyState() {
	return Object.fromEntries(
		Object.entries(PROVIDERS).map(([name, provider]) => [name, provider.emptyState()]),
	);
}

/**
 * @param {{ knobs?: any }} [options] knobs this sandbox starts with and every reset returns to, over
 *   the defaults (the playground's file hosts: a reset over HTTP keeps them)
 */
function createSandbox(options = {}) {
	const baseKnobs = structuredClone(options.knobs ?? {});
	const sandbox = {
		baseKnobs,
		knobs: mergeKnobs(defaultKnobs(), baseKnobs),
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
		control: controlOf(sandbox),
		/** @param {number} [port] rejects with the listen error (EADDRINUSE when the port is taken) */
		listen(port = 0) {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, '127.0.0.1', () => {
					server.off('error', reject);
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

// ---------------------------------------------------------------------------------------------
// Seeding

/**
 * Adds images: per provider a list of `{ id?, ageDays?, … }` or a count.
 * @param {any} sandbox
 * @param {{ leonardo?: { initImages?: number|Array<any>, generations?: number|Array<any> },
 *           cloudflare?: { images?: number|Array<any> }, imagekit?: { files?: number|Array<any>, folders?: Array<any> } }} spec
 */
function seed(sandbox, spec) {
	const now = Date.now();
	const at = (/** @type {any} */ item) => new Date(now - (item.ageDays ?? 0) * DAY).toISOString();
	const list = (/** @type {any} */ value, /** @type {string} */ prefix) =>
		typeof value === 'number'
			? Array.from({ length: value }, (_, index) => ({
					id: `${prefix}-${index + 1}`,
					ageDays: index % 60,
				}))
			: (value ?? []);
	leonardo.seed(
		sandbox.state.leonardo,
		{
			initImages: list(spec.leonardo?.initImages, 'init'),
			generations: list(spec.leonardo?.generations, 'gen'),
		},
		at,
	);
	cloudflare.seed(
		sandbox.state.cloudflare,
		{ images: list(spec.cloudflare?.images, 'cf-img') },
		at,
	);
	imagekit.seed(
		sandbox.state.imagekit,
		{ files: list(spec.imagekit?.files, 'ik-file'), folders: spec.imagekit?.folders },
		at,
	);
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

// ---------------------------------------------------------------------------------------------
// Request handling

async function handle(sandbox, req, res) {
	const rawPath = req.url ?? '/';
	const [pathname, query = ''] = rawPath.split('?');
	if (pathname.startsWith('/_sandbox'))
		return await controlOverHttp(sandbox, req, res, pathname, new URLSearchParams(query));

	const route = ROUTES.find(({ prefix }) => pathname.startsWith(prefix));
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
		/** When the request arrived and when its answer was sent (ms since the epoch). */
		startedAt: Date.now(),
		endedAt: 0,
	};
	stats.requestCount++;
	if (stats.requests.length < REQUEST_LOG_LIMIT) stats.requests.push(entry);
	res.on('close', () => {
		stats.inFlight--;
		entry.status = res.statusCode;
		entry.endedAt = Date.now();
	});

	const body = await readBody(req);
	if (knobs.latencyMs > 0) await wait(knobs.latencyMs);

	const call = {
		sandbox,
		req,
		res,
		route,
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
		await route.handler({ ...call, res: fakeResponse() });
		return req.socket.destroy();
	}
	await route.handler(call);
}

// ---------------------------------------------------------------------------------------------
// Control API: one implementation, in process (`control`) and over HTTP (`/_sandbox/…`)

/**
 * Back to a fresh sandbox: empty state and counters, default knobs (plus `knobs`, copied: fault
 * counters count down; `rateLimits` merge per lane), then `seed` — 'sample' for the playground's samples, or a seed object.
 */
function reset(
	sandbox,
	{ seed: seedWith, knobs } = /** @type {{ seed?: any, knobs?: any }} */ ({}),
) {
	sandbox.state = emptyState();
	sandbox.stats = emptyStats();
	sandbox.windows.clear();
	sandbox.knobs = mergeKnobs(
		mergeKnobs(defaultKnobs(), sandbox.baseKnobs),
		structuredClone(knobs ?? {}),
	);
	if (seedWith === 'sample') seedSample(sandbox);
	else if (seedWith) seed(sandbox, seedWith);
}

/** `given` over `knobs`: `rateLimits` merge per lane (a case that scales one lane keeps the others). */
function mergeKnobs(knobs, given) {
	return {
		...knobs,
		...structuredClone(given),
		rateLimits: { ...knobs.rateLimits, ...structuredClone(given.rateLimits ?? {}) },
	};
}

function controlOf(sandbox) {
	return {
		/** What each provider holds: ids (and Leonardo's generations with their status). */
		state: () =>
			Object.fromEntries(
				Object.entries(PROVIDERS).map(([name, provider]) => [
					name,
					provider.view(sandbox.state[name], sandbox.knobs),
				]),
			),
		/** Every request received: provider lane, method, raw path, kind of auth, status. */
		requests: (/** @type {string | undefined} */ provider) =>
			provider
				? sandbox.stats.requests.filter((entry) => entry.provider === provider)
				: sandbox.stats.requests,
		/** Counts: requests per lane and their 429s, peak in flight, faults, deletes and repeats. */
		stats: () => {
			const deletes = [...sandbox.stats.deletes.entries()];
			const byProvider = {};
			for (const { provider, status } of sandbox.stats.requests) {
				byProvider[provider] ??= { requests: 0, rateLimited: 0 };
				byProvider[provider].requests++;
				if (status === 429) byProvider[provider].rateLimited++;
			}
			return {
				requests: sandbox.stats.requestCount,
				byProvider,
				peakInFlight: sandbox.stats.peakInFlight,
				rateLimited: sandbox.stats.rateLimited,
				faultsInjected: sandbox.stats.faultsInjected,
				deleted: deletes.length,
				deletedMoreThanOnce: deletes.filter(([, count]) => count > 1).map(([id]) => id),
			};
		},
		/** How often each `provider:id` was really deleted. */
		deletes: () => Object.fromEntries(sandbox.stats.deletes),
		/**
		 * The bytes the sandbox holds for an object, as its provider serves them: a Cloudflare image's
		 * `/blob`, an ImageKit file (`id`: its fileId, either account), a Leonardo generated image
		 * (`id`: the image's id in `generated_images`); undefined when it has none.
		 */
		file: (/** @type {string} */ provider, /** @type {string} */ id) =>
			PROVIDERS[provider]?.fileBytes?.(sandbox.state[provider], id),
		reset: (/** @type {{ seed?: any, knobs?: any }} */ options = {}) => reset(sandbox, options),
		seed: (/** @type {any} */ spec) =>
			spec === 'sample' ? seedSample(sandbox) : seed(sandbox, spec),
		knobs: () => sandbox.knobs,
		/** Changes some knobs; `rateLimits` are merged per lane, `faults` replaced (copied). */
		setKnobs: (/** @type {any} */ input) => {
			Object.assign(sandbox.knobs, {
				...input,
				rateLimits: { ...sandbox.knobs.rateLimits, ...(input.rateLimits ?? {}) },
			});
			if (input.faults) sandbox.knobs.faults = input.faults.map((fault) => ({ ...fault }));
			return sandbox.knobs;
		},
	};
}

async function controlOverHttp(sandbox, req, res, pathname, query) {
	const input = (await readBody(req)).json ?? {};
	const control = controlOf(sandbox);
	switch (`${req.method} ${pathname}`) {
		case 'GET /_sandbox/health':
			return send(res, 200, { ok: true });
		case 'GET /_sandbox/state':
			return send(res, 200, control.state());
		case 'GET /_sandbox/stats':
			return send(res, 200, control.stats());
		case 'GET /_sandbox/requests':
			return send(
				res,
				200,
				control
					.requests(query.get('provider') ?? undefined)
					.slice(-Number(query.get('limit') ?? 1000)),
			);
		case 'GET /_sandbox/deletes':
			return send(res, 200, control.deletes());
		case 'GET /_sandbox/file': {
			const bytes = control.file(query.get('provider') ?? '', query.get('id') ?? '');
			if (!bytes) return send(res, 404, { error: 'no such file in the sandbox' });
			res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
			return res.end(bytes);
		}
		case 'POST /_sandbox/reset':
			control.reset({ seed: input.seed ?? query.get('seed') ?? undefined, knobs: input.knobs });
			return send(res, 200, { ok: true });
		case 'POST /_sandbox/seed':
			control.seed(input === 'sample' || input.sample ? 'sample' : input);
			return send(res, 200, { ok: true });
		case 'POST /_sandbox/knobs':
			return send(res, 200, control.setKnobs(input));
		case 'GET /_sandbox/knobs':
			return send(res, 200, control.knobs());
		default:
			return send(res, 404, { error: 'unknown control route' });
	}
}

module.exports = { createSandbox, KEYS };
