/**
 * The fault-model suite, part 2: what the node TELLS, and what the providers hold after it.
 *
 * - Each input item's outcome is told exactly once — its output item, the error output, or the
 *   description of the error the node stops with (done / stopped part-way with what it did /
 *   failed / not done) — and agrees with what the provider holds: a delete told done is gone
 *   (and was there, unless an attempt of it had an unknown outcome), one told not found was
 *   never there, one told not done is still there; an object told made is one the provider made
 *   for that item; a create told failed without "may exist", or not done, made nothing; Delete
 *   Many tells each of its IDs once, and never fails as a whole once the provider answered some
 *   of them; a get's Output Fields are fields of the provider's object.
 * - Every failure is told in the contract's words ("Failed to <verb> <noun>. API error: …"), not
 *   in a transport library's (a property of its own, so that a wording fault hides nothing else).
 * - Nothing is touched that the input did not name: every object the providers lost was named by
 *   an input item (its ID, an ID of its Delete Many list, or the one object its URL names by
 *   README's rules), every object they gained was made for an item of a create operation.
 *
 * Runs are scheduled as test/faults/sending.test.ts explains; replay in the same way.
 */
import { useVirtualTime } from './clock';
import { checkTold, checkUntouched, checkWords } from './invariants';
import { faultProperty, harnessChecks } from './property';

jest.mock('n8n-workflow', () => jest.requireActual('./clock').workflowWithHeldSleep());

beforeAll(useVirtualTime);

describe('each item’s outcome is told exactly once, in the contract’s words, and agrees with the provider', () => {
	faultProperty('deletes one by one', 'delete', [checkTold], { runs: 10 });
	faultProperty(
		'deletes in bulk: Cloudflare’s batch host, ImageKit’s batch calls',
		'bulk',
		[checkTold],
		{ runs: 3 },
	);
	faultProperty('ImageKit Delete Many, lists over one batch call', 'deleteMany', [checkTold], {
		runs: 8,
		longLists: true,
		favoured: ['parseError', 'certExpired', 'altName', 'lostAfter', 'keyRefused', 'partialBatch'],
	});
	faultProperty('creates', 'create', [checkTold], { runs: 10 });
	faultProperty('creates stopped by another item’s failure', 'create', [checkTold], {
		runs: 8,
		onError: ['stopWorkflow'],
		atLeast: 2,
		favoured: ['keyRefused', 'lostBefore', 'server500NotActed'],
	});
	faultProperty('gets, lists, purge, Connect', 'read', [checkTold], { runs: 10 });
});

describe('every failure is told in the contract’s words ("Failed to <verb> <noun>. API error: …")', () => {
	faultProperty(
		'every operation of every node',
		['delete', 'bulk', 'deleteMany', 'create', 'read'],
		[checkWords],
		{
			runs: 12,
			favoured: [
				'parseError',
				'headerOverflow',
				'prematureClose',
				'certExpired',
				'selfSigned',
				'altName',
				'garbledBody',
			],
		},
	);
});

describe('nothing is touched that the input did not name', () => {
	faultProperty('deletes one by one (By ID; Leonardo AI By URL)', 'delete', [checkUntouched], {
		runs: 10,
	});
	faultProperty('deletes in bulk', 'bulk', [checkUntouched], { runs: 2 });
	faultProperty('ImageKit Delete Many', 'deleteMany', [checkUntouched], { runs: 4 });
	faultProperty('creates', 'create', [checkUntouched], { runs: 6 });
});

harnessChecks();
