/**
 * Small stateful fakes of the three providers, served through nock, with faults.
 *
 * Each fake holds what the provider holds (Leonardo AI: init images and their stored files,
 * generations; Cloudflare Images: images, batch tokens, the account's rate-limit window;
 * ImageKit: files, purge requests) and acts on requests as SPEC §5 and the providers' OpenAPI
 * specifications (test/fixtures/provider-specs) say: status codes, envelopes, ImageKit's 204 empty
 * delete and batch answers 200/207/404 with `missingFileIds`, Leonardo's `null` for an unknown id.
 *
 * Every request is held when it arrives (`Arrival`), until the scheduler releases it. At its
 * release the provider acts on it (or not) and answers it (or not) as the fault given to it
 * says: a fault is drawn for each request in the order requests arrive (`WorldSpec.faults`,
 * then `ok`). A fault that "acts" lets the provider do the work first, then loses, garbles or
 * never sends the answer (a timeout: the node's own Request Timeout ends its wait); one that
 * does not act leaves the provider untouched.
 *
 * The fake also keeps everything the invariants need: each request with its headers, body, the
 * input items it concerns, its fault and what was delivered; every object created and deleted,
 * and by which request.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import nock from 'nock';

import { answerViolations, type SeenRequest } from '../harness/specs';
import { clock, now, tick } from './clock';

export type Provider = 'leonardo' | 'cloudflare' | 'imagekit';

export const HOSTS = {
	leonardo: 'https://cloud.leonardo.ai',
	storage: 'https://storage.example.test',
	cloudflare: 'https://api.cloudflare.com',
	cloudflareBatch: 'https://batch.imagedelivery.net',
	imagekit: 'https://api.imagekit.io',
	imagekitUpload: 'https://upload.imagekit.io',
	/** Where a redirect points: no provider's host. */
	elsewhere: 'https://elsewhere.example.test',
} as const;

/** The hosts each credential names (its base URLs): the only ones its key may reach. */
export const CREDENTIAL_HOSTS: Record<Provider, string[]> = {
	leonardo: [HOSTS.leonardo],
	cloudflare: [HOSTS.cloudflare, HOSTS.cloudflareBatch],
	imagekit: [HOSTS.imagekit, HOSTS.imagekitUpload],
};

export const KEYS = {
	leonardo: 'leo-fault-key-4f1c9a2e',
	cloudflareToken: 'cf-fault-token-8d2e7b31',
	cloudflareEmail: 'owner@example.com',
	cloudflareGlobalKey: 'cf-fault-globalkey-3a9f0c',
	imagekit: 'private_ik-fault-key-6b0d5e',
};
export const LEONARDO_USER = '5a4d0b1e-0000-4000-8000-00000000a001';
const CF_ACCOUNT = 'acc123';
const CF_HASH = 'aGFzaC1mYXVsdA';
const IK_ENDPOINT = 'https://ik.imagekit.io/fault';

const basic = (key: string) => Buffer.from(`${key}:`).toString('base64');

/** Every form in which a provider's key can travel or be shown. */
export const KEY_FORMS: Record<Provider, string[]> = {
	leonardo: [KEYS.leonardo],
	cloudflare: [KEYS.cloudflareToken, KEYS.cloudflareGlobalKey],
	imagekit: [KEYS.imagekit, basic(KEYS.imagekit), basic(KEYS.imagekit).replace(/=+$/, '')],
};

export function credentials(
	cloudflareAuth: 'apiToken' | 'globalApiKey',
): Record<string, ICredentialDataDecryptedObject> {
	return {
		leonardoAiApi: { apiKey: KEYS.leonardo, baseUrl: `${HOSTS.leonardo}/api/rest/v1` },
		cloudflareImagesApi: {
			accountId: CF_ACCOUNT,
			authType: cloudflareAuth,
			...(cloudflareAuth === 'apiToken'
				? { apiToken: KEYS.cloudflareToken }
				: { email: KEYS.cloudflareEmail, apiKey: KEYS.cloudflareGlobalKey }),
			baseUrl: `${HOSTS.cloudflare}/client/v4`,
			batchBaseUrl: HOSTS.cloudflareBatch,
		},
		imageKitApi: {
			privateKey: KEYS.imagekit,
			baseUrl: HOSTS.imagekit,
			uploadBaseUrl: HOSTS.imagekitUpload,
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Faults

export const FAULTS = [
	'ok',
	/** The connection drops before the provider got the request. */
	'lostBefore',
	/** The provider acts, then the connection drops (ECONNRESET). */
	'lostAfter',
	/** The provider acts, then the write side breaks (EPIPE). */
	'pipeAfter',
	/** No connection is made (ECONNREFUSED). */
	'refused',
	/** The host name does not resolve (ENOTFOUND). */
	'dnsFailure',
	/** TLS: the certificate has expired (CERT_HAS_EXPIRED); nothing sent. */
	'certExpired',
	/** TLS: the certificate names another host (ERR_TLS_CERT_ALTNAME_INVALID); nothing sent. */
	'altName',
	/** TLS: a self-signed certificate in the chain (SELF_SIGNED_CERT_IN_CHAIN); nothing sent. */
	'selfSigned',
	/** No route to the host (EHOSTUNREACH); nothing sent. */
	'hostUnreachable',
	/** The connection was not made in time (`connect ETIMEDOUT`); nothing sent. */
	'connectTimeout',
	/** The provider acts, the answer is not HTTP (HPE_INVALID_CONSTANT "Parse Error: Expected HTTP/"). */
	'parseError',
	/** The provider acts, the answer's headers overflow (HPE_HEADER_OVERFLOW). */
	'headerOverflow',
	/** The provider acts, the answer's stream ends early (ERR_STREAM_PREMATURE_CLOSE). */
	'prematureClose',
	/** The provider acts, the answer's body is cut off (a 200 with invalid JSON). */
	'garbledBody',
	/** The provider acts, the answer comes after the Request Timeout. */
	'timeoutActed',
	/** The answer would come after the Request Timeout; the provider had not acted. */
	'timeoutNotActed',
	/** 307 to another host. */
	'redirect',
	/** 429 with Retry-After (ImageKit: X-RateLimit-Reset). */
	'rate429',
	/** 503 with Retry-After. */
	'busy503',
	/** The provider acts, then answers 500. */
	'server500Acted',
	/** 500 without acting. */
	'server500NotActed',
	/** The provider acts, a gateway answers 502 with an HTML page. */
	'gateway502Acted',
	/** A gateway answers 504 with an HTML page; the provider had not acted. */
	'gateway504NotActed',
	/** 401 whose message echoes the key as it was sent (its header's value). */
	'echoKey',
	/** 403: the key is refused. */
	'keyRefused',
	/** ImageKit batch delete: deletes only some of the ids and answers 200 naming only those. */
	'partialBatch',
	/** ImageKit batch delete: refuses the first id (207 with errors), deletes the rest. */
	'refused207',
] as const;
export type Fault = (typeof FAULTS)[number];

const ACTS: Record<Fault, boolean> = {
	ok: true,
	lostBefore: false,
	lostAfter: true,
	pipeAfter: true,
	refused: false,
	dnsFailure: false,
	certExpired: false,
	altName: false,
	selfSigned: false,
	hostUnreachable: false,
	connectTimeout: false,
	parseError: true,
	headerOverflow: true,
	prematureClose: true,
	garbledBody: true,
	timeoutActed: true,
	timeoutNotActed: false,
	redirect: false,
	rate429: false,
	busy503: false,
	server500Acted: true,
	server500NotActed: false,
	gateway502Acted: true,
	gateway504NotActed: false,
	echoKey: false,
	keyRefused: false,
	partialBatch: true,
	refused207: true,
};

/**
 * What the node can know was not acted on (README: "a 429, a 503, a connection that was never
 * made"): only after these may a create be sent again.
 */
export const SURELY_NOT_ACTED: ReadonlySet<Fault> = new Set<Fault>([
	'refused',
	'dnsFailure',
	'certExpired',
	'altName',
	'selfSigned',
	'hostUnreachable',
	'rate429',
	'busy503',
]);

/**
 * What leaves the node unable to know whether the provider acted: a lost, cut or late answer, a
 * garbled one, a 5xx other than 503. README: a delete retried after such an attempt that then
 * meets "not found" was done by it, and reports `deleted: true`.
 */
export const UNCERTAIN: ReadonlySet<Fault> = new Set<Fault>([
	'lostBefore',
	'lostAfter',
	'pipeAfter',
	'parseError',
	'headerOverflow',
	'prematureClose',
	'garbledBody',
	'timeoutActed',
	'timeoutNotActed',
	'server500Acted',
	'server500NotActed',
	'gateway502Acted',
	'gateway504NotActed',
	// `connect ETIMEDOUT` cannot be told apart from a read timeout by the node.
	'connectTimeout',
]);

/** Faults where no connection was made: the provider did not even count the request. */
const NEVER_CONNECTED: ReadonlySet<Fault> = new Set<Fault>([
	'refused',
	'dnsFailure',
	'certExpired',
	'altName',
	'selfSigned',
	'hostUnreachable',
	'connectTimeout',
]);

function transportError(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

// ---------------------------------------------------------------------------------------------
// What the fakes hold

export type ObjectKind = 'leoInit' | 'leoGen' | 'cfImage' | 'ikFile';
export const objectKey = (kind: ObjectKind, id: string) => `${kind}:${id}`;

interface LeoInit {
	id: string;
	ext: string;
	key: string;
	stored: boolean;
	createdAt: string;
}
interface LeoGen {
	id: string;
	prompt: string;
	createdAt: string;
	doneAt: number;
	outcome: 'COMPLETE' | 'FAILED';
}
interface CfImage {
	id: string;
	filename: string;
	uploaded: string;
	requireSignedURLs: boolean;
	variants: string[];
	meta: Record<string, unknown>;
	creator?: string;
}
interface IkFile {
	fileId: string;
	name: string;
	filePath: string;
	url: string;
	size: number;
	createdAt: string;
	isPrivateFile: boolean;
	tags: string[] | null;
}

export interface WorldSpec {
	/** One fault per request, in the order requests arrive; `ok` beyond. */
	faults: Fault[];
	/** The Request Timeout the node runs with (ms): a timeout fault delays its answer beyond it. */
	requestTimeoutMs: number;
	cloudflareAuth: 'apiToken' | 'globalApiKey';
	/** What is left of Cloudflare's global window of 1,200 when the run starts. */
	cloudflareWindowLeft: number;
	/** How Leonardo answers a delete or get of an unknown id (SPEC §5: both readings). */
	leonardoNotFound: 'null' | '404';
	/** SPEC §5 (unverified): whether a batch delete answered 404 deleted the ids that exist. */
	imagekit404DeletesOthers: boolean;
	/** Virtual ms a generation takes, and how it ends. */
	generationMs: number;
	generationOutcome: 'COMPLETE' | 'FAILED';
}

export interface Delivery {
	status?: number;
	body?: string;
	headers?: Record<string, string>;
	error?: Error;
	/** No answer at all: the node's Request Timeout ends the wait. */
	hang?: boolean;
}

export interface Arrival {
	/** `clock.event` at its arrival. */
	seq: number;
	origin: string;
	method: string;
	/** Path and query. */
	path: string;
	headers: Record<string, string>;
	bodyText: string;
	/** The route, e.g. `cf.delete`, `ik.batchDelete`, `leo.createGeneration`; `elsewhere`, `unmatched`. */
	route: string;
	/** Input items this request concerns (by the markers in it). */
	items: number[];
	/** For a request that creates: the item it creates for. */
	createsFor?: number;
	fault: Fault;
	/** `clock.event` at its release; undefined while held (or never held). */
	released?: number;
	acted?: boolean;
	/** What the node received: `200`, `ECONNRESET`, `timeout`… */
	delivered?: string;
	/** Batch deletes: the ids a delivered success answer named as deleted. */
	toldDeleted?: string[];
	/** The node surely gave up on it (its Request Timeout) before it was released. */
	closedEarly?: boolean;
	/** The node may have given up on it before it was answered: its outcome was unknown to it. */
	mayBeAbandoned?: boolean;
	/**
	 * `clock.event` at which the node learnt how it ended: its release, or — for a request the
	 * node gave up on (a timeout) — the moment it did.
	 */
	learnt?: number;
	/** Released and its answer reached the client (or its error did, or the client gave up). */
	done: boolean;
	release?: () => void;
}

export interface Change {
	kind: ObjectKind;
	id: string;
	/** The request (its `seq`) that made the change. */
	by: number;
	items: number[];
}

/** One provider-independent world: the three fakes, the markers, the log. */
export class World {
	readonly leo = {
		inits: new Map<string, LeoInit>(),
		gens: new Map<string, LeoGen>(),
	};
	readonly cf = {
		images: new Map<string, CfImage>(),
		tokens: new Set<string>(),
		windowLeft: 0,
		windowResetAt: 0,
	};
	readonly ik = {
		files: new Map<string, IkFile>(),
		purges: new Map<string, { url: string; polls: number }>(),
	};
	readonly arrivals: Arrival[] = [];
	readonly created: Change[] = [];
	readonly deleted: Change[] = [];
	/** Strings that name an input item wherever they appear in a request. */
	readonly markers: Array<[string, number]> = [];
	/** Answers delivered with a fault of `ok` that the specs refuse (expected: none). */
	readonly specProblems: string[] = [];
	private faultIndex = 0;
	private counter = 0;
	/** Objects at the start: `kind:id`. */
	initial = new Set<string>();

	constructor(readonly spec: WorldSpec) {
		this.cf.windowLeft = spec.cloudflareWindowLeft;
		this.cf.windowResetAt = now() + 240_000;
	}

	// ---- seeding ------------------------------------------------------------------------------

	mark(marker: string, item: number): void {
		this.markers.push([marker, item]);
	}

	seedLeoInit(id: string): void {
		this.leo.inits.set(id, {
			id,
			ext: 'png',
			key: `init/${id}.png`,
			stored: true,
			createdAt: iso(now() - 86_400_000),
		});
	}

	seedLeoGen(id: string, ageMs = 86_400_000): void {
		this.leo.gens.set(id, {
			id,
			prompt: `seeded ${id}`,
			createdAt: iso(now() - ageMs),
			doneAt: 0,
			outcome: 'COMPLETE',
		});
	}

	seedCfImage(id: string, ageMs = 86_400_000): void {
		this.cf.images.set(id, cfImage(id, `${id}.png`, iso(now() - ageMs)));
	}

	seedIkFile(id: string, name = `${id}.png`, ageMs = 86_400_000): void {
		this.ik.files.set(id, ikFile(id, name, '/shop', 1024, iso(now() - ageMs)));
	}

	seedPurge(requestId: string, url: string): void {
		this.ik.purges.set(requestId, { url, polls: 0 });
	}

	/** Takes the snapshot the run is judged against. */
	start(): void {
		this.initial = this.holding();
	}

	/** What the providers hold now: `kind:id`. */
	holding(): Set<string> {
		return new Set([
			...[...this.leo.inits.keys()].map((id) => objectKey('leoInit', id)),
			...[...this.leo.gens.keys()].map((id) => objectKey('leoGen', id)),
			...[...this.cf.images.keys()].map((id) => objectKey('cfImage', id)),
			...[...this.ik.files.keys()].map((id) => objectKey('ikFile', id)),
		]);
	}

	leoInit(id: string): LeoInit | undefined {
		return this.leo.inits.get(id);
	}
	leoGen(id: string): LeoGen | undefined {
		return this.leo.gens.get(id);
	}
	/** A generation's status now. */
	leoStatus(gen: LeoGen): 'PENDING' | 'COMPLETE' | 'FAILED' {
		return now() >= gen.doneAt ? gen.outcome : 'PENDING';
	}

	// ---- serving ------------------------------------------------------------------------------

	/** Requests held and not yet released. */
	held(): Arrival[] {
		return this.arrivals.filter((arrival) => arrival.release !== undefined);
	}

	/** Released, but the answer has not reached the client yet. */
	undelivered(): number {
		return this.arrivals.filter((arrival) => arrival.released !== undefined && !arrival.done)
			.length;
	}

	serve(): nock.Scope[] {
		const scopes: nock.Scope[] = [];
		const world = this;
		for (const origin of Object.values(HOSTS)) {
			const scope = nock(origin).persist();
			for (const method of ['GET', 'POST', 'DELETE', 'PUT', 'PATCH']) {
				scope
					.intercept(() => true, method)
					.query(true)
					.reply(async function (this: nock.ReplyFnContext, uri: string, body: nock.Body) {
						return await world.arrive(this, origin, method, uri, body);
					});
			}
			scopes.push(scope);
		}
		nock.emitter.on('no match', this.onNoMatch);
		return scopes;
	}

	stopServing(): void {
		nock.emitter.removeListener('no match', this.onNoMatch);
	}

	private readonly onNoMatch = (req: {
		method?: string;
		path?: string;
		href?: string;
		options?: { host?: string; hostname?: string; path?: string; headers?: Record<string, string> };
		headers?: Record<string, string>;
		getHeaders?: () => Record<string, string>;
	}) => {
		tick(`unmatched request ${req.method ?? ''} ${req.path ?? ''}`, true);
		const headers = req.getHeaders?.() ?? req.options?.headers ?? req.headers ?? {};
		this.arrivals.push({
			seq: clock.event,
			origin: `https://${req.options?.hostname ?? req.options?.host ?? 'unknown'}`,
			method: req.method ?? 'GET',
			path: req.path ?? req.options?.path ?? '',
			headers: lowerCase(headers),
			bodyText: '',
			route: 'unmatched',
			items: [],
			fault: 'ok',
			done: true,
		});
	};

	private async arrive(
		context: nock.ReplyFnContext,
		origin: string,
		method: string,
		path: string,
		body: nock.Body,
	): Promise<nock.ReplyFnResult> {
		tick(`arrival ${method} ${origin}${path.split('?')[0]}`, true);
		const headers = lowerCase(context.req.headers as Record<string, string | string[]>);
		const bodyText = decodeBody(body, headers['content-type']);
		const route = routeOf(origin, method, path);
		const fault: Fault =
			route === 'elsewhere' ? 'ok' : (this.spec.faults[this.faultIndex++] ?? 'ok');
		const arrival: Arrival = {
			seq: clock.event,
			origin,
			method,
			path,
			headers,
			bodyText,
			route,
			items: this.itemsOf(`${path}\n${bodyText}`),
			fault,
			done: false,
		};
		if (CREATES.has(route) && arrival.items.length === 1) arrival.createsFor = arrival.items[0];
		this.arrivals.push(arrival);
		const req = context.req as unknown as NodeJS.EventEmitter & { destroyed?: boolean };
		// Delivered once the node's HTTP client has the whole answer (or the error).
		const reached = () => {
			if (arrival.done) return;
			arrival.done = true;
			tick(`the answer to #${arrival.seq} reached the node`);
		};
		const whenReached = () => {
			if (req.destroyed) arrival.done = true;
			else {
				req.once('error', reached);
				req.once('close', reached);
				req.once('response', (res: NodeJS.EventEmitter) => {
					res.once('end', reached);
					res.once('close', reached);
					res.once('aborted', reached);
					// An answer the client does not read to its end (an empty 204) counts as delivered
					// a moment after nock has pushed all of it.
					setTimeout(reached, 20);
				});
			}
		};
		if (route === 'elsewhere') {
			// Not a provider: nothing held, nothing acted on.
			arrival.released = clock.event;
			arrival.learnt = clock.event;
			arrival.delivered = '401';
			whenReached();
			return [
				401,
				'<html><body>401 Authorization Required</body></html>',
				{ 'Content-Type': 'text/html' },
			];
		}
		// The node gives up on a request after its Request Timeout, on a timer of its own (that the
		// fake cannot see). So: past the timeout less 50 ms, a request not yet answered may have
		// been given up (the node may not have had its answer); past the timeout plus 50 ms, it
		// surely was (the node learnt then that no answer came).
		const timeoutMs = this.spec.requestTimeoutMs;
		let givenUp: () => void = () => {};
		const whenGivenUp = new Promise<void>((resolve) => (givenUp = resolve));
		const unanswered = () => arrival.released === undefined || arrival.delivered === 'timeout';
		const mayGiveUp = setTimeout(
			() => {
				if (unanswered()) arrival.mayBeAbandoned = true;
			},
			Math.max(0, timeoutMs - 50),
		);
		const gaveUp = setTimeout(() => {
			if (!unanswered()) return;
			if (arrival.released === undefined) arrival.closedEarly = true;
			arrival.learnt ??= tick(`the node gave up on #${arrival.seq}`);
			givenUp();
		}, timeoutMs + 50);
		const stopTimers = () => {
			clearTimeout(mayGiveUp);
			clearTimeout(gaveUp);
		};
		await new Promise<void>((resolve) => (arrival.release = resolve));
		arrival.release = undefined;
		arrival.released = tick(`release #${arrival.seq}`);
		const delivery = this.deliver(arrival);
		if (delivery.hang) {
			// No answer: the node's own timer (its Request Timeout) ends its wait.
			arrival.delivered = 'timeout';
			await whenGivenUp;
			stopTimers();
			arrival.done = true;
			throw transportError('ECONNRESET', 'socket hang up (long after the client gave up)');
		}
		stopTimers();
		arrival.learnt ??= arrival.released;
		whenReached();
		if (delivery.error) {
			arrival.delivered = String((delivery.error as Error & { code?: string }).code);
			throw delivery.error;
		}
		arrival.delivered = String(delivery.status);
		if (
			fault === 'ok' &&
			!arrival.route.startsWith('cf.batchHost') &&
			arrival.route !== 'cf.batchToken'
		) {
			const seen: SeenRequest = {
				method,
				url: `${origin}${path}`,
				headers,
				body: bodyText,
			};
			for (const problem of answerViolations(seen, delivery.status ?? 0, delivery.body ?? '') ?? [])
				this.specProblems.push(problem);
		}
		return [delivery.status ?? 200, delivery.body ?? '', delivery.headers ?? {}];
	}

	private itemsOf(text: string): number[] {
		const items = new Set<number>();
		for (const [marker, item] of this.markers) if (text.includes(marker)) items.add(item);
		return [...items].sort((a, b) => a - b);
	}

	/** The provider acts on a released request (or not) and answers it, as its fault says. */
	private deliver(arrival: Arrival): Delivery {
		const { fault } = arrival;
		const provider = providerOf(arrival.origin);
		if (
			provider === 'cloudflare' &&
			arrival.origin === HOSTS.cloudflare &&
			!NEVER_CONNECTED.has(fault)
		)
			this.countCloudflareRequest();
		let normal: Delivery | undefined;
		if (ACTS[fault]) {
			normal = this.act(arrival);
			arrival.acted = true;
		} else arrival.acted = false;
		switch (fault) {
			case 'ok':
			case 'partialBatch':
			case 'refused207':
				return normal!;
			case 'lostBefore':
			case 'lostAfter':
				return { error: transportError('ECONNRESET', 'socket hang up') };
			case 'pipeAfter':
				return { error: transportError('EPIPE', 'write EPIPE') };
			case 'refused':
				return { error: transportError('ECONNREFUSED', 'connect ECONNREFUSED 203.0.113.7:443') };
			case 'dnsFailure':
				return {
					error: transportError(
						'ENOTFOUND',
						`getaddrinfo ENOTFOUND ${new URL(arrival.origin).hostname}`,
					),
				};
			case 'certExpired':
				return { error: transportError('CERT_HAS_EXPIRED', 'certificate has expired') };
			case 'altName':
				return {
					error: transportError(
						'ERR_TLS_CERT_ALTNAME_INVALID',
						`Hostname/IP does not match certificate's altnames: Host: ${new URL(arrival.origin).hostname}. is not in the cert's altnames: DNS:*.example.net`,
					),
				};
			case 'selfSigned':
				return {
					error: transportError(
						'SELF_SIGNED_CERT_IN_CHAIN',
						'self-signed certificate in certificate chain',
					),
				};
			case 'hostUnreachable':
				return { error: transportError('EHOSTUNREACH', 'connect EHOSTUNREACH 203.0.113.7:443') };
			case 'connectTimeout':
				return { error: transportError('ETIMEDOUT', 'connect ETIMEDOUT 203.0.113.7:443') };
			case 'parseError':
				return { error: transportError('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/') };
			case 'headerOverflow':
				return { error: transportError('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow') };
			case 'prematureClose':
				return { error: transportError('ERR_STREAM_PREMATURE_CLOSE', 'Premature close') };
			case 'garbledBody':
				return {
					status: 200,
					body: '{"success":true,"result":{"id":"',
					headers: { 'Content-Type': 'application/json' },
				};
			case 'timeoutActed':
			case 'timeoutNotActed':
				return { hang: true };
			case 'redirect':
				return {
					status: 307,
					body: '',
					headers: { Location: `${HOSTS.elsewhere}${arrival.path}` },
				};
			case 'rate429':
				return this.refusal(arrival, 429, 'Too many requests', {
					...(provider === 'imagekit'
						? {
								'X-RateLimit-Reset': '2000',
								'X-RateLimit-Limit': '100',
								'X-RateLimit-Interval': '10000',
							}
						: { 'Retry-After': '2' }),
				});
			case 'busy503':
				return this.refusal(arrival, 503, 'Service temporarily unavailable', {
					'Retry-After': '1',
				});
			case 'server500Acted':
			case 'server500NotActed':
				return this.refusal(arrival, 500, 'Internal server error');
			case 'gateway502Acted':
				return html(502, 'Bad Gateway');
			case 'gateway504NotActed':
				return html(504, 'Gateway Timeout');
			case 'echoKey': {
				const sent = ['authorization', 'x-auth-key']
					.map((name) => arrival.headers[name])
					.filter(Boolean)
					.join(', ');
				return this.refusal(arrival, 401, `Invalid credentials: ${sent || 'none'}`);
			}
			case 'keyRefused':
				return this.refusal(arrival, 403, 'Your account cannot be authenticated.');
		}
	}

	/** A refusal in the provider's own error shape. */
	private refusal(
		arrival: Arrival,
		status: number,
		message: string,
		headers: Record<string, string> = {},
	): Delivery {
		const provider = providerOf(arrival.origin);
		if (arrival.origin === HOSTS.storage)
			return {
				status,
				body: `<Error><Code>${status === 503 ? 'SlowDown' : 'InternalError'}</Code><Message>${message}</Message></Error>`,
				headers: { 'Content-Type': 'application/xml', ...headers },
			};
		if (provider === 'leonardo')
			return json(status, { error: message, path: '$', code: 'unexpected' }, headers);
		if (provider === 'cloudflare')
			return json(
				status,
				{
					success: false,
					errors: [{ code: status === 429 ? 971 : 10000, message }],
					messages: [],
					result: null,
				},
				{ ...this.cloudflareHeaders(arrival), ...headers },
			);
		return json(
			status,
			{ message, help: 'For support kindly contact us at support@imagekit.io .' },
			headers,
		);
	}

	// ---- Cloudflare's window ------------------------------------------------------------------

	private countCloudflareRequest(): void {
		if (now() >= this.cf.windowResetAt) {
			this.cf.windowLeft = 1200;
			this.cf.windowResetAt = now() + 300_000;
		}
		this.cf.windowLeft--;
	}

	private cloudflareHeaders(arrival: Arrival): Record<string, string> {
		if (arrival.origin !== HOSTS.cloudflare) return {};
		const seconds = Math.max(0, Math.ceil((this.cf.windowResetAt - now()) / 1000));
		return {
			Ratelimit: `"default";r=${Math.max(0, this.cf.windowLeft)};t=${seconds}`,
			'Ratelimit-Policy': '"default";q=1200;w=300',
		};
	}

	// ---- acting -------------------------------------------------------------------------------

	private act(arrival: Arrival): Delivery {
		switch (providerOf(arrival.origin)) {
			case 'leonardo':
				return arrival.origin === HOSTS.storage
					? this.actStorage(arrival)
					: this.actLeonardo(arrival);
			case 'cloudflare':
				return this.actCloudflare(arrival);
			case 'imagekit':
				return this.actImageKit(arrival);
			default:
				return html(404, 'Not Found');
		}
	}

	private newId(prefix: string): string {
		return `${prefix}${(++this.counter).toString(16).padStart(6, '0')}`;
	}

	private newUuid(): string {
		return `c0ffee00-0000-4000-8000-${(++this.counter).toString(16).padStart(12, '0')}`;
	}

	private recordCreate(arrival: Arrival, kind: ObjectKind, id: string): void {
		this.created.push({ kind, id, by: arrival.seq, items: arrival.items });
		if (arrival.createsFor !== undefined) this.mark(id, arrival.createsFor);
	}

	private recordDelete(arrival: Arrival, kind: ObjectKind, id: string): void {
		this.deleted.push({ kind, id, by: arrival.seq, items: arrival.items });
	}

	private actLeonardo(arrival: Arrival): Delivery {
		if (arrival.headers.authorization !== `Bearer ${KEYS.leonardo}`)
			return json(401, {
				error: 'Authentication hook unauthorized this request',
				path: '$',
				code: 'access-denied',
			});
		const url = new URL(`${arrival.origin}${arrival.path}`);
		const segments = url.pathname.replace('/api/rest/v1/', '').split('/').map(decodeURIComponent);
		const { method } = arrival;
		const notFound = (field: string) =>
			this.spec.leonardoNotFound === 'null'
				? json(200, { [field]: null })
				: json(404, { error: 'Not found', path: '$', code: 'not-found' });
		if (segments[0] === 'me' && method === 'GET')
			return json(200, {
				user_details: [
					{
						user: { id: LEONARDO_USER, username: 'fault-tester' },
						tokenRenewalDate: null,
						paidTokens: 100,
						subscriptionTokens: 1000,
						subscriptionGptTokens: 0,
						subscriptionModelTokens: 0,
						apiConcurrencySlots: 10,
					},
				],
			});
		if (segments[0] === 'init-image') {
			if (segments.length === 1 && method === 'POST') {
				const { extension } = parseJson(arrival.bodyText) as { extension?: string };
				if (!extension || !['png', 'jpg', 'jpeg', 'webp'].includes(extension))
					return json(400, { error: 'invalid file extension', path: '$', code: 'unexpected' });
				const id = this.newUuid();
				const key = `init/${id}.${extension}`;
				this.leo.inits.set(id, { id, ext: extension, key, stored: false, createdAt: iso(now()) });
				this.recordCreate(arrival, 'leoInit', id);
				this.mark(key, arrival.createsFor ?? -1);
				return json(200, {
					uploadInitImage: {
						id,
						url: `${HOSTS.storage}/bucket`,
						key,
						fields: JSON.stringify({ key, policy: 'cG9saWN5', 'x-amz-signature': 'c2ln' }),
					},
				});
			}
			const init = this.leo.inits.get(segments[1]);
			if (method === 'GET')
				return init
					? json(200, {
							init_images_by_pk: {
								id: init.id,
								url: `https://cdn.leonardo.ai/${init.key}`,
								createdAt: init.createdAt,
							},
						})
					: notFound('init_images_by_pk');
			if (method === 'DELETE') {
				if (!init) return notFound('delete_init_images_by_pk');
				this.leo.inits.delete(init.id);
				this.recordDelete(arrival, 'leoInit', init.id);
				return json(200, { delete_init_images_by_pk: { id: init.id } });
			}
		}
		if (segments[0] === 'generations') {
			if (segments.length === 1 && method === 'POST') {
				const { prompt } = parseJson(arrival.bodyText) as { prompt?: string };
				if (!prompt)
					return json(400, { error: 'prompt is required', path: '$', code: 'unexpected' });
				const id = this.newUuid();
				this.leo.gens.set(id, {
					id,
					prompt,
					createdAt: iso(now()),
					doneAt: now() + this.spec.generationMs,
					outcome: this.spec.generationOutcome,
				});
				this.recordCreate(arrival, 'leoGen', id);
				return json(200, { sdGenerationJob: { generationId: id, apiCreditCost: 8 } });
			}
			if (segments[1] === 'user' && method === 'GET') {
				const offset = Number(url.searchParams.get('offset') ?? 0);
				const limit = Number(url.searchParams.get('limit') ?? 10);
				const all = segments[2] === LEONARDO_USER ? [...this.leo.gens.values()] : [];
				all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
				return json(200, {
					generations: all.slice(offset, offset + limit).map((gen) => this.leoGeneration(gen)),
				});
			}
			const gen = this.leo.gens.get(segments[1]);
			if (method === 'GET')
				return gen
					? json(200, { generations_by_pk: this.leoGeneration(gen) })
					: notFound('generations_by_pk');
			if (method === 'DELETE') {
				if (!gen) return notFound('delete_generations_by_pk');
				this.leo.gens.delete(gen.id);
				this.recordDelete(arrival, 'leoGen', gen.id);
				return json(200, { delete_generations_by_pk: { id: gen.id } });
			}
		}
		return json(404, { error: 'no such route', path: '$', code: 'not-found' });
	}

	/** A generation as Leonardo answers it. */
	leoGeneration(gen: LeoGen): Record<string, unknown> {
		const status = this.leoStatus(gen);
		return {
			id: gen.id,
			status,
			createdAt: gen.createdAt,
			prompt: gen.prompt,
			modelId: 'b24e16ff-06e3-43eb-8d33-4416c2d75876',
			imageWidth: 512,
			imageHeight: 512,
			generated_images:
				status === 'COMPLETE'
					? [
							{
								id: gen.id.replace(/^.{4}/, 'aaaa'),
								url: `https://cdn.leonardo.ai/users/${LEONARDO_USER}/generations/${gen.id}/image_0.jpg`,
								nsfw: false,
								likeCount: 0,
								generated_image_variation_generics: [],
							},
						]
					: [],
		};
	}

	private actStorage(arrival: Arrival): Delivery {
		if (arrival.method !== 'POST') return html(405, 'Method Not Allowed');
		const form = parseMultipart(arrival.bodyText, arrival.headers['content-type']);
		const key = form.get('key')?.value;
		const init = [...this.leo.inits.values()].find((candidate) => candidate.key === key);
		if (!init || !form.has('file'))
			return {
				status: 403,
				body: '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy</Message></Error>',
				headers: { 'Content-Type': 'application/xml' },
			};
		init.stored = true;
		return { status: 204, body: '' };
	}

	private actCloudflare(arrival: Arrival): Delivery {
		const envelope = (
			status: number,
			result: unknown,
			errors: Array<{ code: number; message: string }> = [],
		) =>
			json(
				status,
				{
					success: errors.length === 0,
					errors,
					messages: [],
					result: errors.length === 0 ? result : null,
				},
				this.cloudflareHeaders(arrival),
			);
		const notFound = () => envelope(404, null, [{ code: 5404, message: 'Image not found' }]);
		const url = new URL(`${arrival.origin}${arrival.path}`);
		const { method } = arrival;
		if (arrival.origin === HOSTS.cloudflareBatch) {
			const token = (arrival.headers.authorization ?? '').replace(/^Bearer /, '');
			if (!this.cf.tokens.has(token))
				return envelope(401, null, [{ code: 9109, message: 'Invalid access token' }]);
			const match = /^\/images\/v1\/([^/]+)$/.exec(url.pathname);
			if (!match || method !== 'DELETE')
				return envelope(404, null, [{ code: 7003, message: 'No route for that URI' }]);
			return this.cfDelete(arrival, decodeURIComponent(match[1]), envelope, notFound);
		}
		const auth = arrival.headers.authorization;
		const authorized =
			this.spec.cloudflareAuth === 'apiToken'
				? auth === `Bearer ${KEYS.cloudflareToken}`
				: arrival.headers['x-auth-key'] === KEYS.cloudflareGlobalKey &&
					arrival.headers['x-auth-email'] === KEYS.cloudflareEmail;
		if (!authorized)
			return auth || arrival.headers['x-auth-key']
				? envelope(403, null, [{ code: 10000, message: 'Authentication error' }])
				: envelope(400, null, [
						{ code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' },
					]);
		const prefix = `/client/v4/accounts/${CF_ACCOUNT}/images/`;
		if (!url.pathname.startsWith(prefix))
			return envelope(404, null, [{ code: 7003, message: 'No route for that URI' }]);
		const rest = url.pathname.slice(prefix.length);
		if (rest === 'v1/stats' && method === 'GET')
			return envelope(200, { count: { current: this.cf.images.size, allowed: 100000 } });
		if (rest === 'v1/batch_token' && method === 'GET') {
			const token = `batch-${this.newId('tok')}`;
			this.cf.tokens.add(token);
			return envelope(200, { token, expiresAt: iso(now() + 3_600_000) });
		}
		if (rest === 'v2' && method === 'GET') {
			const perPage = Number(url.searchParams.get('per_page') ?? 1000);
			const order = url.searchParams.get('sort_order') ?? 'desc';
			const creator = url.searchParams.get('creator');
			const from = Number(url.searchParams.get('continuation_token') ?? 0);
			let all = [...this.cf.images.values()];
			if (creator) all = all.filter((image) => image.creator === creator);
			all.sort((a, b) => a.uploaded.localeCompare(b.uploaded) || a.id.localeCompare(b.id));
			if (order === 'desc') all.reverse();
			const page = all.slice(from, from + perPage);
			return envelope(200, {
				images: page,
				continuation_token: from + perPage < all.length ? String(from + perPage) : null,
			});
		}
		if (rest === 'v1' && method === 'POST') {
			const form = parseMultipart(arrival.bodyText, arrival.headers['content-type']);
			const file = form.get('file');
			const source = form.get('url')?.value;
			if (!file && !source)
				return envelope(400, null, [{ code: 5400, message: 'Bad request: no file or url' }]);
			const customId = form.get('id')?.value;
			if (customId && this.cf.images.has(customId))
				return envelope(409, null, [{ code: 5409, message: 'Resource already exists' }]);
			const id = customId ?? this.newUuid();
			const filename = file?.filename ?? source!.split('/').pop()!.split('?')[0];
			const image = cfImage(id, filename, iso(now()));
			image.requireSignedURLs = form.get('requireSignedURLs')?.value === 'true';
			if (form.get('creator')) image.creator = form.get('creator')!.value;
			this.cf.images.set(id, image);
			this.recordCreate(arrival, 'cfImage', id);
			return envelope(200, image);
		}
		const match = /^v1\/([^/]+)$/.exec(rest);
		if (match) {
			const id = decodeURIComponent(match[1]);
			if (method === 'GET') {
				const image = this.cf.images.get(id);
				return image ? envelope(200, image) : notFound();
			}
			if (method === 'DELETE') return this.cfDelete(arrival, id, envelope, notFound);
		}
		return envelope(404, null, [{ code: 7003, message: 'No route for that URI' }]);
	}

	private cfDelete(
		arrival: Arrival,
		id: string,
		envelope: (status: number, result: unknown) => Delivery,
		notFound: () => Delivery,
	): Delivery {
		if (!this.cf.images.has(id)) return notFound();
		this.cf.images.delete(id);
		this.recordDelete(arrival, 'cfImage', id);
		return envelope(200, {});
	}

	private actImageKit(arrival: Arrival): Delivery {
		const auth = arrival.headers.authorization ?? '';
		const refuse = (status: number, message: string) =>
			json(status, { message, help: 'For support kindly contact us at support@imagekit.io .' });
		if (!auth.startsWith('Basic '))
			return refuse(401, 'Your request does not contain private API key.');
		if (auth !== `Basic ${basic(KEYS.imagekit)}`)
			return refuse(403, 'Your account cannot be authenticated.');
		const url = new URL(`${arrival.origin}${arrival.path}`);
		const { method } = arrival;
		if (arrival.origin === HOSTS.imagekitUpload) {
			if (url.pathname !== '/api/v1/files/upload' || method !== 'POST')
				return refuse(404, 'Not found');
			const form = parseMultipart(arrival.bodyText, arrival.headers['content-type']);
			const file = form.get('file');
			const fileName = form.get('fileName')?.value;
			if (!file || !fileName) return refuse(400, 'Missing file or fileName parameter for upload');
			const folder = form.get('folder')?.value ?? '/';
			const unique = form.get('useUniqueFileName')?.value !== 'false';
			const name = unique ? fileName.replace(/(\.[^.]*)?$/, `_${this.newId('u')}$1`) : fileName;
			const size = file.filename !== undefined ? file.size : 2048;
			const filePath = `${folder.replace(/\/+$/, '')}/${name}`;
			// Without a unique name, a file at the same path is replaced.
			for (const [id, existing] of this.ik.files)
				if (existing.filePath === filePath) {
					this.ik.files.delete(id);
					this.recordDelete(arrival, 'ikFile', id);
				}
			const fileId = this.newId('ikc');
			const created = ikFile(fileId, name, folder, size, iso(now()));
			created.isPrivateFile = form.get('isPrivateFile')?.value === 'true';
			this.ik.files.set(fileId, created);
			this.recordCreate(arrival, 'ikFile', fileId);
			return json(200, ikUploadAnswer(created));
		}
		const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
		if (segments[0] !== 'v1' || segments[1] !== 'files') return refuse(404, 'Not found');
		if (segments.length === 2 && method === 'GET') {
			let list = [...this.ik.files.values()];
			const path = url.searchParams.get('path');
			if (path)
				list = list.filter((file) =>
					file.filePath.startsWith(path.endsWith('/') ? path : `${path}/`),
				);
			const query = url.searchParams.get('searchQuery');
			if (query) list = list.filter(searchFilter(query));
			list.sort(
				(a, b) => b.createdAt.localeCompare(a.createdAt) || a.fileId.localeCompare(b.fileId),
			);
			const skip = Number(url.searchParams.get('skip') ?? 0);
			const limit = Number(url.searchParams.get('limit') ?? 1000);
			return json(200, list.slice(skip, skip + limit).map(ikDetails));
		}
		if (segments[2] === 'batch' && segments[3] === 'deleteByFileIds' && method === 'POST')
			return this.ikBatchDelete(arrival, refuse);
		if (segments[2] === 'purge') {
			if (segments.length === 3 && method === 'POST') {
				const { url: purged } = parseJson(arrival.bodyText) as { url?: string };
				if (!purged) return refuse(400, 'url is required');
				const requestId = this.newId('purge');
				this.ik.purges.set(requestId, { url: purged, polls: 0 });
				return json(201, { requestId });
			}
			if (segments.length === 4 && method === 'GET') {
				const purge = this.ik.purges.get(segments[3]);
				if (!purge) return refuse(400, 'The requested purge request does not exist.');
				return json(200, { status: ++purge.polls > 1 ? 'Completed' : 'Pending' });
			}
		}
		if (segments.length === 4 && segments[3] === 'details' && method === 'GET') {
			const file = this.ik.files.get(segments[2]);
			return file ? json(200, ikDetails(file)) : refuse(404, 'The requested file does not exist.');
		}
		if (segments.length === 3 && method === 'DELETE') {
			const id = segments[2];
			if (!this.ik.files.has(id)) return refuse(404, 'The requested file does not exist.');
			this.ik.files.delete(id);
			this.recordDelete(arrival, 'ikFile', id);
			return { status: 204, body: '' };
		}
		return refuse(404, 'Not found');
	}

	private ikBatchDelete(
		arrival: Arrival,
		refuse: (status: number, message: string) => Delivery,
	): Delivery {
		const { fileIds } = parseJson(arrival.bodyText) as { fileIds?: unknown };
		if (!Array.isArray(fileIds) || fileIds.length === 0) return refuse(400, 'fileIds is required');
		if (fileIds.length > 100)
			return refuse(400, 'A maximum of 100 fileIds can be deleted at once.');
		const ids = [...new Set(fileIds.map(String))];
		const missing = ids.filter((id) => !this.ik.files.has(id));
		const remove = (id: string) => {
			this.ik.files.delete(id);
			this.recordDelete(arrival, 'ikFile', id);
		};
		if (missing.length > 0) {
			if (this.spec.imagekit404DeletesOthers)
				for (const id of ids) if (!missing.includes(id)) remove(id);
			return json(404, {
				message: 'The requested file(s) does not exist.',
				help: 'For support kindly contact us at support@imagekit.io .',
				missingFileIds: missing,
			});
		}
		if (arrival.fault === 'refused207' && ids.length > 1) {
			const [refused, ...rest] = ids;
			rest.forEach(remove);
			arrival.toldDeleted = rest;
			return json(207, {
				successfullyDeletedFileIds: rest,
				errors: [{ fileId: refused, error: 'File is locked' }],
			});
		}
		const deleting =
			arrival.fault === 'partialBatch' && ids.length > 1
				? ids.slice(0, Math.ceil(ids.length / 2))
				: ids;
		deleting.forEach(remove);
		arrival.toldDeleted = deleting;
		return json(200, { successfullyDeletedFileIds: deleting });
	}
}

// ---------------------------------------------------------------------------------------------
// Routes

const CREATES = new Set(['leo.createInit', 'leo.createGeneration', 'cf.upload', 'ik.upload']);

export function providerOf(origin: string): Provider | undefined {
	if (origin === HOSTS.leonardo || origin === HOSTS.storage) return 'leonardo';
	if (origin === HOSTS.cloudflare || origin === HOSTS.cloudflareBatch) return 'cloudflare';
	if (origin === HOSTS.imagekit || origin === HOSTS.imagekitUpload) return 'imagekit';
	return undefined;
}

export function routeOf(origin: string, method: string, path: string): string {
	const pathname = path.split('?')[0];
	switch (origin) {
		case HOSTS.leonardo: {
			const rest = pathname.replace('/api/rest/v1/', '');
			if (rest === 'init-image' && method === 'POST') return 'leo.createInit';
			if (rest === 'generations' && method === 'POST') return 'leo.createGeneration';
			if (rest === 'me') return 'leo.me';
			if (rest.startsWith('generations/user/')) return 'leo.listGenerations';
			return `leo.${method.toLowerCase()}.${rest.split('/')[0]}`;
		}
		case HOSTS.storage:
			return 'leo.storage';
		case HOSTS.cloudflare: {
			const rest = pathname.replace(`/client/v4/accounts/${CF_ACCOUNT}/images/`, '');
			if (rest === 'v1' && method === 'POST') return 'cf.upload';
			if (rest === 'v1/batch_token') return 'cf.batchToken';
			if (rest === 'v1/stats') return 'cf.stats';
			if (rest === 'v2') return 'cf.list';
			return `cf.${method.toLowerCase()}`;
		}
		case HOSTS.cloudflareBatch:
			return `cf.batchHost.${method.toLowerCase()}`;
		case HOSTS.imagekit: {
			if (pathname === '/v1/files/batch/deleteByFileIds') return 'ik.batchDelete';
			if (pathname.startsWith('/v1/files/purge'))
				return method === 'POST' ? 'ik.purge' : 'ik.purgeStatus';
			if (pathname === '/v1/files') return 'ik.list';
			if (pathname.endsWith('/details')) return 'ik.details';
			return `ik.${method.toLowerCase()}`;
		}
		case HOSTS.imagekitUpload:
			return 'ik.upload';
		case HOSTS.elsewhere:
			return 'elsewhere';
		default:
			return 'unmatched';
	}
}

/** Routes that delete (one object, or a batch). */
export const DELETE_ROUTES = new Set([
	'leo.delete.init-image',
	'leo.delete.generations',
	'cf.delete',
	'cf.batchHost.delete',
	'ik.delete',
	'ik.batchDelete',
]);
export { CREATES as CREATE_ROUTES };

// ---------------------------------------------------------------------------------------------
// Shapes

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function cfImage(id: string, filename: string, uploaded: string): CfImage {
	return {
		id,
		filename,
		uploaded,
		requireSignedURLs: false,
		variants: [`https://imagedelivery.net/${CF_HASH}/${encodeURIComponent(id)}/public`],
		meta: {},
	};
}

function ikFile(
	fileId: string,
	name: string,
	folder: string,
	size: number,
	createdAt: string,
): IkFile {
	const filePath = `${folder.replace(/\/+$/, '')}/${name}`;
	return {
		fileId,
		name,
		filePath,
		url: `${IK_ENDPOINT}${filePath}`,
		size,
		createdAt,
		isPrivateFile: false,
		tags: null,
	};
}

function ikDetails(file: IkFile): Record<string, unknown> {
	return {
		fileId: file.fileId,
		type: 'file',
		name: file.name,
		filePath: file.filePath,
		url: file.url,
		thumbnail: `${IK_ENDPOINT}/tr:n-ik_ml_thumbnail${file.filePath}`,
		fileType: 'image',
		mime: 'image/png',
		height: 1,
		width: 1,
		size: file.size,
		tags: file.tags,
		isPrivateFile: file.isPrivateFile,
		createdAt: file.createdAt,
		updatedAt: file.createdAt,
	};
}

function ikUploadAnswer(file: IkFile): Record<string, unknown> {
	return {
		fileId: file.fileId,
		name: file.name,
		filePath: file.filePath,
		url: file.url,
		thumbnailUrl: `${IK_ENDPOINT}/tr:n-ik_ml_thumbnail${file.filePath}`,
		fileType: 'image',
		size: file.size,
		height: 1,
		width: 1,
		tags: file.tags,
		isPrivateFile: file.isPrivateFile,
	};
}

/** What ImageKit's search supports that the node uses: `name = "…"`, `createdAt >= "…"` and the like. */
function searchFilter(query: string): (file: IkFile) => boolean {
	const match = /^\s*(createdAt|name)\s*(<=|>=|<|>|=|:)\s*"([^"]*)"\s*$/.exec(query);
	if (!match) return () => true;
	const [, field, op, value] = match;
	return (file) => {
		const left: string | number = field === 'name' ? file.name : Date.parse(file.createdAt);
		const right: string | number = field === 'name' ? value : Date.parse(value);
		switch (op) {
			case '<':
				return left < right;
			case '>':
				return left > right;
			case '<=':
				return left <= right;
			case '>=':
				return left >= right;
			case ':':
				return String(left).toLowerCase().startsWith(String(right).toLowerCase());
			default:
				return left === right;
		}
	};
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Delivery {
	return {
		status,
		body: JSON.stringify(body),
		headers: { 'Content-Type': 'application/json', ...headers },
	};
}

function html(status: number, title: string): Delivery {
	return {
		status,
		body: `<html><head><title>${status} ${title}</title></head><body><h1>${title}</h1></body></html>`,
		headers: { 'Content-Type': 'text/html' },
	};
}

function lowerCase(
	headers: Record<string, string | string[] | number | undefined>,
): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {}))
		if (value !== undefined)
			result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	return result;
}

function parseJson(text: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** nock hands a body that is not text over as hex; JSON bodies as parsed objects. */
function decodeBody(body: nock.Body, contentType = ''): string {
	if (body === undefined || body === null) return '';
	if (typeof body !== 'string') return JSON.stringify(body);
	if (contentType.includes('multipart/') && /^(?:[0-9a-f]{2})+$/.test(body))
		return Buffer.from(body, 'hex').toString('latin1');
	return body;
}

interface FormPart {
	value: string;
	filename?: string;
	size: number;
}

export function parseMultipart(text: string, contentType = ''): Map<string, FormPart> {
	const parts = new Map<string, FormPart>();
	const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
	if (!boundary) return parts;
	for (const chunk of text.split(`--${boundary}`)) {
		const split = chunk.indexOf('\r\n\r\n');
		if (split < 0) continue;
		const head = chunk.slice(0, split);
		const name = /name="([^"]*)"/.exec(head)?.[1];
		if (!name) continue;
		const value = chunk.slice(split + 4).replace(/\r\n$/, '');
		const filename = /filename="([^"]*)"/.exec(head)?.[1];
		parts.set(name, { value, filename, size: Buffer.byteLength(value, 'latin1') });
	}
	return parts;
}
