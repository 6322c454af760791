/**
 * Cloudflare Images as the shared core needs to know it: its addresses, its error envelope, how
 * it answers a delete, its limits and the rate headers that report them, and its batch API for
 * runs larger than the account's window.
 */
import {
	CLOUDFLARE_IMAGES_DEFAULTS,
	CLOUDFLARE_KEY_ADVICE,
	CLOUDFLARE_STATS_ROUTE,
} from '../../credentials/CloudflareImagesApi.credentials';
import { type DeleteOutcome, type ItemContext, pathSegment } from '../shared/item';
import {
	ARRIVAL_SKEW_MS,
	type BudgetHeaders,
	type BudgetRule,
	type NamedBudget,
	UNTIL_AN_ANSWER,
} from '../shared/pacing';
import {
	type ApiResponse,
	isJsonObject,
	isSuccessStatus,
	type ProviderProfile,
	shortMessage,
	succeeded,
	trimBaseUrl,
} from '../shared/transport';

/** The account's images, below the account: an upload is a POST here. */
export const IMAGES_ROUTE = '/images/v1';

/** An image's route; the id (a custom ID may hold `/`) is one path segment. */
export function imageRoute(id: string): string {
	return `${IMAGES_ROUTE}/${pathSegment(id)}`;
}

/** The list of the account's images (newest first with `sort_order=desc`). */
export const IMAGE_LIST_ROUTE = '/images/v2';

/** Published: 1,200 requests per 5 minutes for the whole account, then a 5-minute lockout. */
const ACCOUNT_WINDOW = { limit: 1200, windowMs: 300_000 };

const accountBudget: NamedBudget = {
	name: 'account',
	budget: ACCOUNT_WINDOW,
	readHeaders: (headers) => accountPolicy(headers),
	rule: () => new AccountRemaining(),
};

/**
 * Published beside it: 200 requests a second ("Client API per IP | 200/second"), the policy its
 * headers name `"burst"`. A run that fits in the account's window would otherwise go at full
 * concurrency, well past it.
 */
const burstBudget: NamedBudget = {
	name: 'burst',
	budget: { limit: 200, windowMs: 1000 },
	readHeaders: (headers) => policyNamed(headers, BURST_POLICY),
};

export const cloudflareImages: ProviderProfile = {
	credentialType: 'cloudflareImagesApi',
	secretFields: ['apiToken', 'apiKey'],
	// Every Images route is below the account, so the account is part of the base.
	baseUrl: (credentials, host) =>
		host === 'batch'
			? trimBaseUrl(credentials.batchBaseUrl, CLOUDFLARE_IMAGES_DEFAULTS.batchBaseUrl)
			: `${trimBaseUrl(credentials.baseUrl, CLOUDFLARE_IMAGES_DEFAULTS.baseUrl)}/accounts/${pathSegment(String(credentials.accountId ?? '').trim())}`,
	verifyRequest: () => ({ method: 'GET', path: CLOUDFLARE_STATS_ROUTE }),
	errorMessage,
	concurrency: 32,
	// The account's window last: a 429 is its (a burst refusal asks for a second: a short wait).
	budgetsFor: () => [burstBudget, accountBudget],
	idFields: ['id'],
	keyAdvice: CLOUDFLARE_KEY_ADVICE,
};

const IMAGE_NOT_FOUND = 5404;

/** The envelope: {"success": false, "errors": [{"code", "message"}], …}. */
function errorMessage(body: unknown): string | undefined {
	if (!isJsonObject(body)) return undefined;
	const [first] = errorsOf(body);
	if (first) return shortMessage(first.message) ?? `error ${String(first.code)}`;
	if (body.success === false) return 'the answer said success: false without giving an error';
	return undefined;
}

function errorsOf(body: unknown): Array<{ code?: unknown; message?: unknown }> {
	if (!isJsonObject(body) || !Array.isArray(body.errors)) return [];
	return body.errors.filter(isJsonObject);
}

/** A delete is confirmed by `success: true`; a 404 or error 5404 means no such image. */
export function deleteOutcome(response: ApiResponse): DeleteOutcome {
	const notFound =
		response.statusCode === 404 ||
		errorsOf(response.body).some((error) => Number(error.code) === IMAGE_NOT_FOUND);
	if (notFound) return 'notFound';
	const confirmed = isJsonObject(response.body) && response.body.success === true;
	return isSuccessStatus(response) && confirmed ? 'deleted' : 'failed';
}

// ─── The batch API ─────────────────────────────────────────────────────────────────────────

/**
 * Runs of at least this many items ask for a batch token. Smaller ones go to the account's API
 * at once: they fit in its window unless it is nearly spent, and the token's round trip would
 * cost them more than it saves.
 */
const BATCH_MIN_ITEMS = 100;

/** Published: 200 requests a second per batch token, outside the account's window. */
const BATCH_WINDOW = { limit: 200, windowMs: 1000 };

/**
 * Sends an image's delete (`DELETE /images/v1/<id>`). A run with more items than the account's
 * window has room for asks for a batch token once, and sends every delete through the batch API
 * (200 a second, outside the window), so that the window stays for other work on the account;
 * without a token (e.g. one without the right), through the account's API.
 */
export async function sendImageDelete(item: ItemContext, path: string): Promise<ApiResponse> {
	const batch =
		item.fn.getInputData().length >= BATCH_MIN_ITEMS ? await batchToken(item) : undefined;
	if (!batch) return await item.request({ method: 'DELETE', path });
	return await item.requestWithoutKey(
		{ method: 'DELETE', host: 'batch', path, headers: { Authorization: `Bearer ${batch.token}` } },
		batch.budget,
	);
}

/**
 * One batch token per run and account, when the run is larger than what is left of the
 * account's window; a refusal (e.g. a token without the right) means none.
 */
async function batchToken(
	item: ItemContext,
): Promise<{ token: string; budget: NamedBudget } | undefined> {
	return await item.oncePerAccount('batch token', async () => {
		const response = await item.request({ method: 'GET', path: `${IMAGES_ROUTE}/batch_token` });
		const result =
			succeeded(response, item.provider) && isJsonObject(response.body)
				? response.body.result
				: undefined;
		const token =
			isJsonObject(result) && typeof result.token === 'string' ? result.token : undefined;
		if (!token) return undefined;
		// The token's answer says what is left of the account's window.
		const left = reportOf(response.headers)?.remaining;
		if (left !== undefined && item.fn.getInputData().length <= left - reserveOf(ACCOUNT_WINDOW))
			return undefined;
		return { token, budget: { name: `batch ${token.slice(-8)}`, budget: BATCH_WINDOW } };
	});
}

// ─── The account's window, as every answer reports it ──────────────────────────────────────

/**
 * The IETF draft headers, each a list: `Ratelimit: "default";r=<remaining>;t=<seconds to reset>`
 * and `Ratelimit-Policy: "burst";q=200;w=1, "default";q=1200;w=300`. The account's window is
 * the policy Cloudflare names `"default"` (its 5-minute window, whose excess locks the account
 * out); its figure is the `Ratelimit` item of the same name. Others are not guessed at.
 */
function accountPolicy(headers: Record<string, string>): BudgetHeaders & { name?: string } {
	return policyNamed(headers, ACCOUNT_POLICY);
}

/** The policy of that name in `Ratelimit-Policy`: its quota and window; empty when not listed. */
function policyNamed(
	headers: Record<string, string>,
	wanted: string,
): BudgetHeaders & { name?: string } {
	const policies = headerItems(headers['ratelimit-policy'])
		.map(({ name, parameters }) => ({
			name,
			limit: Number(parameters.q),
			windowMs: Number(parameters.w) * 1000,
		}))
		.filter(({ limit, windowMs }) => limit > 0 && windowMs > 0);
	return policies.find(({ name }) => name === wanted) ?? {};
}

/** The name Cloudflare gives the account's 5-minute window in its rate headers. */
const ACCOUNT_POLICY = 'default';

/** The name of its per-second policy. */
const BURST_POLICY = 'burst';

/** The account's figure in an answer: what is left, and in how many ms the window resets. */
function reportOf(
	headers: Record<string, string>,
): { remaining: number; resetMs: number } | undefined {
	const states = headerItems(headers.ratelimit);
	const { name = ACCOUNT_POLICY } = accountPolicy(headers);
	const state = states.find((item) => item.name === name);
	const remaining = Number(state?.parameters.r);
	const resetSeconds = Number(state?.parameters.t);
	if (
		state?.parameters.r === undefined ||
		!Number.isFinite(remaining) ||
		!Number.isFinite(resetSeconds)
	)
		return undefined;
	return { remaining, resetMs: resetSeconds * 1000 };
}

/** `"a";r=1;t=2, "b";q=3` → `[{ name: 'a', parameters: { r: '1', t: '2' } }, …]`. */
function headerItems(
	value: string | undefined,
): Array<{ name: string; parameters: Record<string, string> }> {
	if (!value) return [];
	return value.split(',').map((entry) => {
		const [name, ...rest] = entry.split(';');
		const parameters: Record<string, string> = {};
		for (const part of rest) {
			const [key, raw] = part.split('=');
			if (key && raw !== undefined) parameters[key.trim()] = raw.trim();
		}
		return { name: name.trim().replace(/^"|"$/g, ''), parameters };
	});
}

/** Kept back of the account's figure at least: others' last requests on the way. */
const MIN_RESERVE = 8;

/**
 * Kept back of what the account's figure says is left: 5% of the window (more of a short one:
 * requests arrive a little later than they are counted), at least `MIN_RESERVE`.
 */
function reserveOf({ limit, windowMs }: { limit: number; windowMs: number }): number {
	const margin = Math.ceil(limit * Math.max(0.05, ARRIVAL_SKEW_MS / windowMs));
	return Math.min(Math.ceil(limit / 2), Math.max(margin, MIN_RESERVE));
}

/**
 * Of the account's figure, the part a process may have in flight (times its share): the requests
 * of several processes that read the same figure together stay within it.
 */
const IN_FLIGHT_FRACTION = 0.1;

/**
 * Every answer says what is left of the account's window, for everyone who uses the account
 * (queue-mode workers, other tools): the budget follows that figure as soon as it arrives.
 *
 * Other processes on the account see the same figure and cannot be asked what they have on the
 * way; but how fast the figure falls tells what part of the account's requests are ours (our
 * share: each of our answers is one of ours, the fall since the report before is everyone's).
 * So a process has in flight at most a small part of the reported remaining, times its share,
 * and counts each of its own sends since the report as its share of everyone's. A process sends
 * one request at a time until two reports have shown how fast the figure falls: several
 * processes that start together learn of each other before any of them has much on the way.
 * Near the end of the window each keeps back one request for each of the others, and the reserve
 * covers the rest.
 */
class AccountRemaining implements BudgetRule {
	/** The last figure: what was left, until when, and what we sent since. */
	private report?: { remaining: number; resetAt: number; spentSince: number };

	/** Answers carry the figure: follow it (a proxy that strips it: there is none to follow). */
	private following = true;

	private window = ACCOUNT_WINDOW;

	private readonly share = new AccountShare();

	counted(change: 1 | -1): void {
		if (this.report) this.report.spentSince = Math.max(0, this.report.spentSince + change);
	}

	waitMs(now: number, inFlight: number): number {
		if (!this.following) return 0;
		const left = this.left(now);
		// With nothing left of the figure, room comes back when the window resets.
		if (left !== undefined && left <= 0) return Math.max(1, (this.report?.resetAt ?? now) - now);
		return inFlight < this.inFlightCap(now) ? 0 : UNTIL_AN_ANSWER;
	}

	/** What the last figure leaves us, reserve kept: each of our sends since stands for our share of everyone's. */
	left(now: number): number | undefined {
		const report = this.report;
		if (!this.following || !report || report.resetAt <= now) return undefined;
		const share = this.share.ours();
		// Each of the others (about 1 / share − 1 of them) may have one more on the way.
		const reserve = Math.max(reserveOf(this.window), Math.ceil(1 / share));
		return report.remaining - report.spentSince / share - reserve;
	}

	/**
	 * How many of ours may be on the way at once: one until a figure for this window has come and
	 * a fall of it has told our share, then a small part of the figure times our share.
	 */
	private inFlightCap(now: number): number {
		const report = this.report;
		if (!report || report.resetAt <= now || this.share.falls === 0) return 1;
		const part =
			(report.remaining - reserveOf(this.window)) * IN_FLIGHT_FRACTION * this.share.ours();
		return Math.max(1, Math.floor(part));
	}

	answered(statusCode: number, headers: Record<string, string>, inFlight: number): void {
		const figure = reportOf(headers);
		// An answer without a figure it can read (a proxy stripped it, another form of the
		// headers): none to follow, the published window paces alone, until one comes again.
		if (statusCode >= 200 && statusCode < 300) this.following = figure !== undefined;
		const policy = accountPolicy(headers);
		if (policy.limit && policy.windowMs)
			this.window = { limit: policy.limit, windowMs: policy.windowMs };
		if (!figure) return;
		const now = Date.now();
		const resetAt = now + figure.resetMs;
		const current = this.report;
		// A figure from a new window replaces the old; within one window, only a lower figure
		// counts (answers overtake one another). Requests still in flight may not be in it yet.
		const newWindow = !current || current.resetAt <= now || resetAt > current.resetAt + 1000;
		this.share.observe(figure.remaining, newWindow);
		if (newWindow || figure.remaining <= current.remaining - current.spentSince)
			this.report = { remaining: figure.remaining, resetAt, spentSince: inFlight };
	}
}

/**
 * Our part of the account's requests, from the figure in each of our answers: each answer is one
 * of ours, and the figure's fall since the lowest one reported before is everyone's (answers
 * overtake one another: a higher figure is an older one). The fall per answer is averaged over
 * about the last `1 / SHARE_WEIGHT` answers, so that a process that joins or leaves the account
 * is seen within a few dozen answers.
 */
class AccountShare {
	/** The falls seen so far (answers after the first of a window). */
	falls = 0;

	private lowest?: number;

	/** The figure's average fall per answer of ours: 1 when we are alone on the account. */
	private fallPerAnswer = 1;

	observe(remaining: number, newWindow: boolean): void {
		if (newWindow || this.lowest === undefined) {
			this.lowest = remaining;
			return;
		}
		const fall = Math.min(1 / MIN_SHARE, Math.max(0, this.lowest - remaining));
		this.lowest = Math.min(this.lowest, remaining);
		// The first fall is the first reading; later ones are averaged in.
		this.fallPerAnswer =
			this.falls === 0
				? Math.max(1, fall)
				: this.fallPerAnswer + SHARE_WEIGHT * (fall - this.fallPerAnswer);
		this.falls++;
	}

	/** From `MIN_SHARE` to 1 (alone on the account). */
	ours(): number {
		return this.fallPerAnswer <= 1 ? 1 : Math.max(MIN_SHARE, 1 / this.fallPerAnswer);
	}
}

/** How much each new answer weighs in the share's average. */
const SHARE_WEIGHT = 0.1;

/** The least share a process assumes: 1 of 128 processes on the account. */
const MIN_SHARE = 1 / 128;
