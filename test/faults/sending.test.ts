/**
 * The fault-model suite, part 1: what the node SENDS under faults (README "When an item fails",
 * "In bulk", "Creates happen once").
 *
 * - Nothing is sent after the execution is cancelled (n8n's Stop), and no wait outlives the
 *   cancel ("A cancelled execution stops waiting at once and sends nothing more").
 * - Under On Error = Stop Workflow, nothing is sent after a failure is known ("From then on no
 *   request starts, for any item — not a retry, not a batch call — and requests already under
 *   way finish").
 * - A create is sent again only when the provider surely did not act ("a 429, a 503, a
 *   connection that was never made").
 *
 * How "after" is decided (test/faults/scheduler.ts): every answer of the fake providers and
 * every wait of the node (Delay Before/After, backoff, pacing, polls) is held until the scheduler
 * releases it, one at a time, in a generated order, each only once the process is quiescent
 * (every released answer delivered, then no new request or wait for several turns of the event
 * loop). A request that the node had decided to send before a release has therefore arrived
 * before it; one that arrives after the release of a failing answer (or after the cancel) was
 * started after the node knew. The node knows of an item's failure once the last answer of that
 * item's requests was released (for a request it gave up on after its Request Timeout — a timer
 * of its own — once that timeout surely passed); which items failed is read from the node's
 * error and its description, as a user reads them. No real time passes for waits: a released
 * wait moves a virtual clock (`Date.now`) to its deadline.
 *
 * Replay: each property prints its seed; `FAULT_SEED=<seed> [FAULT_PATH=<path>]` replays it,
 * `FAULT_RUNS=<n>` runs every property n times (longer runs: e.g. FAULT_RUNS=200),
 * `FAULT_ONLY=…`/`FAULT_EXCLUDE=…` restrict the faults drawn (names in model.ts `FAULTS`).
 */
import { useVirtualTime } from './clock';
import { checkCancel, checkCreatesOnce, checkStop } from './invariants';
import { faultProperty, harnessChecks } from './property';

jest.mock('n8n-workflow', () => jest.requireActual('./clock').workflowWithHeldSleep());

beforeAll(useVirtualTime);

describe('nothing is sent after the execution is cancelled, and no wait outlives the cancel', () => {
	faultProperty('deletes one by one', 'delete', [checkCancel], { runs: 8, cancel: true });
	faultProperty(
		'deletes in bulk: Cloudflare’s batch host, ImageKit’s batch calls',
		'bulk',
		[checkCancel],
		{ runs: 3, cancel: true },
	);
	faultProperty('ImageKit Delete Many', 'deleteMany', [checkCancel], { runs: 4, cancel: true });
	faultProperty('creates, with and without waiting for the generation', 'create', [checkCancel], {
		runs: 8,
		cancel: true,
	});
	faultProperty('gets, lists, purge, Connect', 'read', [checkCancel], { runs: 6, cancel: true });
});

describe('under Stop Workflow, nothing is sent after a failure is known; requests on the way finish', () => {
	const onError = ['stopWorkflow' as const];
	faultProperty('deletes one by one', 'delete', [checkStop], { runs: 8, onError });
	faultProperty(
		'deletes in bulk: Cloudflare’s batch host, ImageKit’s batch calls',
		'bulk',
		[checkStop],
		{ runs: 3, onError },
	);
	faultProperty('ImageKit Delete Many', 'deleteMany', [checkStop], { runs: 5, onError });
	faultProperty('creates, with and without waiting for the generation', 'create', [checkStop], {
		runs: 8,
		onError,
		atLeast: 2,
	});
	faultProperty('gets, lists, purge, Connect', 'read', [checkStop], { runs: 6, onError });
});

describe('a create is sent again only when the provider surely did not act', () => {
	faultProperty(
		'generation Create, init-image Upload, Cloudflare and ImageKit uploads',
		'create',
		[checkCreatesOnce],
		{ runs: 20 },
	);
});

harnessChecks();
