// @ts-check
'use strict';
/**
 * The providers' own rules (issue 24, sandbox/RULES.md), met in a real n8n:
 * - Leonardo AI's 100 generation creates a minute beside its 2,000 requests a minute
 *   (docs.leonardo.ai/v1.0/reference/limits): 300 creates in one run meet no 429 and no item
 *   fails, while deletes on the same account, in the same n8n process, are not held to the
 *   creates' window;
 * - ImageKit's search finds folders as well as files (imagekit-nodejs `src/resources/assets.ts`,
 *   list-and-search-files.md: `name : "…"` finds "a file or folder using a prefix"): a search
 *   → delete flow deletes the files it found and nothing else, and no item fails for a folder.
 */
const assert = require('node:assert/strict');
const path = require('node:path');

const { createSandbox } = require('../../../sandbox/server');
const { chainWorkflow, manualItems } = require('../../fixtures/workflows');
const { PROVIDERS, nextWorkflowId, outputOf } = require('./common');

const [LEONARDO, , IMAGEKIT] = PROVIDERS;

/**
 * Generation creates in one run: three of Leonardo's create windows and part of a fourth (about
 * three minutes). RULES_CREATES=150 for a quicker run while working on it (one wait, a minute).
 */
const CREATES = Number(process.env.RULES_CREATES ?? 300);
/** Deletes on the same account meanwhile: more than one create window lets go. */
const DELETES = 150;
/** How long the deletes' sub-workflow waits first: the creates' first window is spent by then. */
const DELETES_AFTER_S = 10;

const GENERATIONS_PATH = '/leonardo/api/rest/v1/generations';

/**
 * What the built node paces `POST /generations` by (`LeonardoAi/profile.ts`, `budgetsFor`): the
 * sandbox's create window must be the same one, or the case tests nothing (a looser window is
 * never reached, a tighter one refuses by construction). The node has no way to be told another
 * window — Leonardo sends no rate-limit headers, and the budget is a constant — so the sandbox
 * keeps Leonardo's published one, and the run takes as long as Leonardo makes it.
 */
function nodeCreateBudget() {
	const { leonardoAi, GENERATIONS_ROUTE } = require(
		path.resolve(__dirname, '../../../dist/nodes/LeonardoAi/profile.js'),
	);
	const budgets = leonardoAi.budgetsFor({ method: 'POST', path: GENERATIONS_ROUTE });
	return Object.fromEntries(budgets.map(({ name, budget }) => [name, budget]));
}

/** Arrival counts per window of `windowMs`, from the first arrival on. */
function perWindow(times, windowMs) {
	const counts = [];
	for (const at of times) {
		const k = Math.floor((at - times[0]) / windowMs);
		counts[k] = (counts[k] ?? 0) + 1;
	}
	return Array.from(counts, (count) => count ?? 0);
}

/** The most arrivals in any `windowMs` (a sliding window: stricter than the sandbox's fixed ones). */
function mostInAnyWindow(times, windowMs) {
	let most = 0;
	for (let first = 0, last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= windowMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

/**
 * 300 Generation → Create (not waiting) in one run, and, started by it in the same n8n process
 * (Execute Workflow, not waiting for the sub-workflow), 150 Generation → Delete on the same key
 * once the creates' first window is spent.
 */
function leonardoCreatesCase() {
	const credential = LEONARDO.credential;
	const deleteIds = Array.from({ length: DELETES }, (_, i) => `rules-old-gen-${i}`);
	const [, deleteItems, deleteSplit] = manualItems(deleteIds.map((id) => ({ id })));
	const deleter = chainWorkflow({
		id: nextWorkflowId(),
		name: 'e2e: rules — Leonardo deletes beside the creates (sub-workflow)',
		head: [
			{
				name: 'Called',
				type: 'n8n-nodes-base.executeWorkflowTrigger',
				typeVersion: 1.1,
				parameters: { inputSource: 'passthrough' },
			},
			{
				name: 'Later',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				parameters: { resume: 'timeInterval', amount: DELETES_AFTER_S, unit: 'seconds' },
			},
			deleteItems,
			deleteSplit,
		],
		chain: [
			{
				name: 'Delete',
				node: LEONARDO.node,
				credential,
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'generation',
					operation: 'delete',
					generationId: '={{ $json.id }}',
				},
			},
		],
		success: { name: 'Done', type: 'n8n-nodes-base.noOp' },
	});

	const prompts = Array.from({ length: CREATES }, (_, i) => ({ prompt: `rules fox ${i}` }));
	const [start, items, split] = manualItems(prompts);
	const creates = chainWorkflow({
		id: nextWorkflowId(),
		name: `e2e: rules — Leonardo ${CREATES} generation creates, deletes beside them`,
		head: [
			start,
			{
				name: 'Start deletes',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				parameters: {
					// Stored (an inline one is refused the credential in n8n 2), published by the suite.
					source: 'database',
					workflowId: { __rl: true, mode: 'id', value: deleter.id },
					mode: 'once',
					options: { waitForSubWorkflow: false },
				},
			},
			items,
			split,
		],
		chain: [
			{
				name: 'Create',
				node: LEONARDO.node,
				credential,
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'generation',
					operation: 'create',
					prompt: '={{ $json.prompt }}',
					options: { numImages: 1 },
				},
			},
		],
		success: { name: 'Done', type: 'n8n-nodes-base.noOp' },
	});

	return {
		name: `rules: leonardo — ${CREATES} generation creates (not waiting) at Leonardo's 100 a minute: no 429, no failed item, each made once; ${DELETES} deletes on the same account in the same process meanwhile are not held to the creates' window`,
		// Leonardo as published (2,000 a minute, 100 creates a minute, 10 jobs, 200 pending, jobs of
		// 10 s): nothing scaled, since the node's create window cannot be (nodeCreateBudget).
		seed: { leonardo: { generations: deleteIds.map((id) => ({ id })) } },
		workflow: creates,
		workflows: [deleter],
		check: ({ code, data }, sandbox) => {
			const budgets = nodeCreateBudget();
			const { rateLimits } = sandbox.knobs();
			assert.deepEqual(
				{ account: rateLimits.leonardo, creates: rateLimits.leonardoCreate },
				{ account: budgets.account, creates: budgets['generation creates'] },
				"the sandbox's Leonardo windows are the ones the node paces by",
			);
			const window = rateLimits.leonardoCreate;

			// What the sandbox received and n8n output, measured before anything is asserted: every
			// failure below says all of it.
			const received = sandbox.requests('leonardo');
			const posts = received.filter((r) => r.method === 'POST' && r.rawPath === GENERATIONS_PATH);
			const deleteCalls = received.filter(
				(r) => r.method === 'DELETE' && r.rawPath.startsWith(`${GENERATIONS_PATH}/`),
			);
			const refused = received.filter((r) => r.status === 429);
			const stats = sandbox.stats();
			const out = outputOf(data, 'Create');
			const failed = out.filter((item) => item.error !== undefined || typeof item.id !== 'string');
			const createTimes = posts.map((r) => r.startedAt);
			const at = (time) => `${((time - createTimes[0]) / 1000).toFixed(2)} s`;
			const windows = perWindow(createTimes, window.windowMs);
			// The creates' first wait for their window: the first gap of a quarter window or more.
			const firstWait = createTimes.findIndex(
				(time, k) => k > 0 && time - createTimes[k - 1] >= window.windowMs / 4,
			);
			const lastOfFirst = createTimes[firstWait - 1];
			const firstOfSecond = createTimes[firstWait];
			const deleteTimes = deleteCalls.map((r) => r.startedAt);
			const during = deleteTimes.filter(
				(time) => firstWait > 0 && time > lastOfFirst && time < firstOfSecond,
			).length;
			const bursts = [];
			for (const [k, time] of createTimes.entries())
				if (k === 0 || time - createTimes[k - 1] >= 1000) bursts.push(`#${k + 1} at ${at(time)}`);
			const creates = `${posts.length} POST /generations for ${CREATES} items (${posts.filter((r) => r.status === 200).length} answered 200), ${refused.length} × 429 (${refused.length ? `first at ${at(refused[0].startedAt)}, last at ${at(refused.at(-1).startedAt)}` : 'none'}), creates per ${window.windowMs / 1000}-s window from the first arrival ${windows.join('/')} (at most ${mostInAnyWindow(createTimes, window.windowMs)} in any ${window.windowMs / 1000} s), bursts after a gap of 1 s or more: ${bursts.join(', ')}; ${out.length} output items, ${failed.length} failed${failed.length ? ` (${JSON.stringify(failed[0])})` : ''}`;
			const deletes = deleteCalls.length
				? `${deleteCalls.length} DELETE /generations/{id} (${deleteCalls.filter((r) => r.status === 200).length} answered 200) from ${at(Math.min(...deleteTimes))} to ${at(Math.max(...deleteTimes))}, ${during} of them between create #${firstWait} (${firstWait > 0 ? at(lastOfFirst) : '-'}) and create #${firstWait + 1} (${firstWait > 0 ? at(firstOfSecond) : '-'})`
				: 'no DELETE reached the sandbox';
			const seen = `\n  creates: ${creates}\n  deletes: ${deletes}`;

			// Every rule is checked, and a failure lists each one broken, with what was seen.
			const made = out.map((item) => item.id);
			const held = sandbox.state().leonardo.generations.map((g) => g.id);
			const broken = [
				[code === 0, `n8n exited ${code}: ${JSON.stringify(data.resultData.error ?? {})}`],
				// Every create item made one generation: no 429 met, none failed, none made twice.
				[stats.rateLimited === 0, `no 429 to anyone: ${stats.rateLimited} × 429`],
				[failed.length === 0, `no create item failed: ${failed.length} did`],
				[out.length === CREATES, `one output per create item: ${out.length}`],
				[posts.length === CREATES, `one POST /generations per item: ${posts.length}`],
				[new Set(made).size === CREATES, `each item its own generation: ${new Set(made).size}`],
				[
					JSON.stringify([...held].sort()) === JSON.stringify([...made].sort()),
					`the sandbox holds exactly the generations the items output, the old ones deleted: it holds ${held.length}`,
				],
				// Paced by the window, as the node promises (pacing.ts, Budget: "within the limit in
				// every window, however the provider places its windows"): at most the limit in any
				// window's time, as the creates reached the sandbox — a provider counting in sliding
				// windows refuses the rest even where the sandbox's fixed ones let them in.
				[
					mostInAnyWindow(createTimes, window.windowMs) <= window.limit,
					`at most ${window.limit} creates reached the sandbox in any ${window.windowMs / 1000} s: ${mostInAnyWindow(createTimes, window.windowMs)} did`,
				],
				[
					windows.length >= Math.ceil(CREATES / window.limit),
					'the creates went over several windows',
				],
				[firstWait > 0 && firstWait <= window.limit, 'the creates waited for their window'],
				// The deletes: each generation deleted once, and every one while the creates waited for
				// their next window — more deletes than a create window holds, so none was counted in it.
				[deleteCalls.length === DELETES, `one DELETE per delete item: ${deleteCalls.length}`],
				[deleteCalls.every((r) => r.status === 200), 'every delete answered 200'],
				[
					stats.deleted === DELETES && stats.deletedMoreThanOnce.length === 0,
					'each old generation deleted once',
				],
				[during === DELETES, `every delete while the creates waited for their window: ${during}`],
			]
				.filter(([kept]) => !kept)
				.map(([, rule]) => rule);
			if (broken.length > 0) throw new Error(`broken:\n  - ${broken.join('\n  - ')}${seen}`);
			return `${creates}; ${deletes}`;
		},
	};
}

/**
 * What the sandbox answers to the node's search over `seed`, asked of a fresh sandbox as the node
 * asks it (`type=file` beside the query): the case means something only if folders come back.
 */
async function searchAnswer(seed, searchQuery) {
	const sandbox = createSandbox();
	sandbox.control.reset({ seed });
	const url = await sandbox.listen(0);
	try {
		const query = new URLSearchParams({ searchQuery, type: 'file', limit: '1000' });
		const response = await fetch(`${url}/imagekit/v1/files?${query}`, {
			headers: { authorization: IMAGEKIT.auth },
		});
		const body = await response.json();
		if (!response.ok || !Array.isArray(body))
			throw new Error(`the sandbox answered ${response.status}: ${JSON.stringify(body)}`);
		return body;
	} finally {
		await sandbox.close();
	}
}

/**
 * ImageKit: a folder `old-campaign` (with a file that does not match inside), an empty folder
 * `old-campaign-archive`, a folder `/archive/old-campaign`, and files `old-campaign-1.jpg`…: the
 * search `name : "old-campaign"` finds the three folders too; only the three files are deleted.
 */
function imagekitFolderCases() {
	const matching = [
		{ id: 'rules-oc-1', name: 'old-campaign-1.jpg', folder: '/old-campaign' },
		{ id: 'rules-oc-2', name: 'old-campaign-2.jpg', folder: '/old-campaign' },
		{ id: 'rules-oc-3', name: 'old-campaign-3.jpg', folder: '/' },
	];
	const bystanders = [
		{ id: 'rules-keep-1', name: 'new-campaign-1.jpg', folder: '/old-campaign' },
		{ id: 'rules-keep-2', name: 'campaign-old.jpg', folder: '/' },
	];
	const matchingFolders = ['/old-campaign', '/old-campaign-archive', '/archive/old-campaign'];
	const seed = {
		imagekit: {
			files: [...matching, ...bystanders].map((file, i) => ({ ...file, ageDays: 10 - i })),
			folders: matchingFolders,
		},
	};
	const searchQuery = 'name : "old-campaign"';
	const search = {
		name: 'Search',
		node: IMAGEKIT.node,
		credential: IMAGEKIT.credential,
		parameters: {
			resource: 'file',
			operation: 'getMany',
			returnAll: true,
			options: { searchQuery },
		},
	};
	const head = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }];
	const matchingIds = matching.map((file) => file.id);

	/** What both flows must leave: the files that did not match, every folder. */
	const checkSandbox = (sandbox) => {
		const state = sandbox.state().imagekit;
		assert.deepEqual(
			[...state.files].sort(),
			bystanders.map((file) => file.id).sort(),
			'only the matching files are gone',
		);
		for (const folder of matchingFolders)
			assert.ok(state.folders.includes(folder), `folder ${folder} still exists`);
		const calls = sandbox.requests('imagekit');
		const lists = calls.filter(
			(r) => r.method === 'GET' && r.rawPath.startsWith('/imagekit/v1/files?'),
		);
		assert.equal(lists.length, 1, 'one list call');
		assert.ok(
			new URL(lists[0].rawPath, 'http://x').searchParams.get('searchQuery') === searchQuery,
			`the search was sent as given: ${lists[0].rawPath}`,
		);
		const deletes = calls.filter((r) => r.method === 'DELETE' || r.method === 'POST');
		assert.ok(
			deletes.every((r) => r.status >= 200 && r.status < 300),
			`every delete call succeeded: ${deletes.map((r) => `${r.method} ${r.rawPath} ${r.status}`).join(', ')}`,
		);
		return { state, calls, deletes };
	};
	/** The search's answer held the folders; the node output the files only. */
	const checkSearch = async (data) => {
		const answered = await searchAnswer(seed, searchQuery);
		const folders = answered.filter((entry) => entry.type === 'folder').map((f) => f.folderPath);
		assert.deepEqual(
			[...folders].sort(),
			[...matchingFolders].sort(),
			`the sandbox's answer to the search holds the matching folders: ${JSON.stringify(answered)}`,
		);
		const found = outputOf(data, 'Search');
		assert.deepEqual(
			found.map((file) => file.fileId).sort(),
			[...matchingIds].sort(),
			`Search output the matching files only: ${JSON.stringify(found.map((f) => f.fileId ?? f))}`,
		);
		assert.ok(found.every((file) => file.type !== 'folder'));
		return `the search answered ${answered.length - folders.length} files + ${folders.length} folders, Search output ${found.length} files`;
	};

	return [
		{
			name: 'rules: imagekit — a search that matches folders too (name : "old-campaign") → File → Delete per item: only the files are deleted, the folders stay, no item fails',
			seed,
			workflow: chainWorkflow({
				id: nextWorkflowId(),
				name: 'e2e: rules — ImageKit search matching folders → Delete',
				head,
				chain: [
					search,
					{
						name: 'Delete',
						node: IMAGEKIT.node,
						credential: IMAGEKIT.credential,
						onError: 'continueErrorOutput',
						parameters: { resource: 'file', operation: 'delete', fileId: '={{ $json.fileId }}' },
					},
				],
				success: { name: 'Done', type: 'n8n-nodes-base.noOp' },
				errors: { name: 'Errors', type: 'n8n-nodes-base.noOp' },
			}),
			check: async ({ code, data }, sandbox) => {
				assert.equal(code, 0, JSON.stringify(data.resultData.error ?? {}));
				const searched = await checkSearch(data);
				const errors = outputOf(data, 'Delete', 1);
				assert.deepEqual(errors, [], 'no item on the error output');
				const done = outputOf(data, 'Delete');
				assert.deepEqual(
					done.map((item) => item.id).sort(),
					[...matchingIds].sort(),
					JSON.stringify(done),
				);
				assert.ok(
					done.every((item) => item.deleted === true),
					JSON.stringify(done),
				);
				const { deletes } = checkSandbox(sandbox);
				assert.deepEqual(
					deletes.map((r) => r.rawPath).sort(),
					matchingIds.map((id) => `/imagekit/v1/files/${id}`).sort(),
					'one DELETE per matching file, none for a folder',
				);
				return `${searched}; ${done.length} deleted, 0 on the error output, the ${matchingFolders.length} folders kept`;
			},
		},
		{
			name: 'rules: imagekit — a search that matches folders too (name : "old-campaign") → Aggregate fileId → Delete Many: only the files are deleted, the folders stay, nothing failed',
			seed,
			workflow: chainWorkflow({
				id: nextWorkflowId(),
				name: 'e2e: rules — ImageKit search matching folders → Delete Many',
				head,
				chain: [
					search,
					{
						name: 'Collect',
						type: 'n8n-nodes-base.aggregate',
						typeVersion: 1,
						parameters: {
							aggregate: 'aggregateIndividualFields',
							fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'fileId' }] },
							options: {},
						},
					},
					{
						name: 'Delete Many',
						node: IMAGEKIT.node,
						credential: IMAGEKIT.credential,
						parameters: {
							resource: 'file',
							operation: 'deleteMany',
							fileIds: '={{ $json.fileId }}',
						},
					},
				],
				success: { name: 'Done', type: 'n8n-nodes-base.noOp' },
			}),
			check: async ({ code, data }, sandbox) => {
				assert.equal(code, 0, JSON.stringify(data.resultData.error ?? {}));
				const searched = await checkSearch(data);
				const [answer, ...more] = outputOf(data, 'Delete Many');
				assert.equal(more.length, 0, 'one item');
				assert.deepEqual(
					{ ...answer, deleted: [...(answer.deleted ?? [])].sort() },
					{ deleted: [...matchingIds].sort(), notFound: [] },
					JSON.stringify(answer),
				);
				const { deletes } = checkSandbox(sandbox);
				assert.deepEqual(
					deletes.map((r) => `${r.method} ${r.rawPath}`),
					['POST /imagekit/v1/files/batch/deleteByFileIds'],
					'one batch call',
				);
				return `${searched}; Delete Many deleted ${answer.deleted.length} in 1 batch call, notFound 0, no failed, the ${matchingFolders.length} folders kept`;
			},
		},
	];
}

function rulesCases() {
	return [leonardoCreatesCase(), ...imagekitFolderCases()];
}

module.exports = { rulesCases };
