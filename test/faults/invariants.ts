/**
 * README's promises, as checks of one run against what the fakes received and hold.
 *
 * Each check returns the violations it finds, in words; none when the promise held. They read
 * only what a user could see (the node's outputs, its error and that error's description, the
 * logs) and what the providers received and hold — never the package's internals.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { chainWorkflow } from '../harness/workflows';
import {
	CREATE_ROUTES,
	DELETE_ROUTES,
	CREDENTIAL_HOSTS,
	KEY_FORMS,
	SURELY_NOT_ACTED,
	UNCERTAIN,
	credentials,
	objectKey,
	providerOf,
	type Arrival,
	type Provider,
	World,
} from './model';
import type { ItemExpect, Scenario, Built } from './scenarios';
import { runScheduled, type Observation } from './scheduler';

export interface Run {
	scenario: Scenario;
	built: Built;
	world: World;
	observation: Observation;
	/** n8n's logs written during the run ('' when not captured). */
	logs: string;
}

export async function runScenario(scenario: Scenario, readLogs?: () => string): Promise<Run> {
	const world = new World(scenario.world);
	const built = scenario.operation.build(world, scenario.settings);
	const { parameters } = built;
	const workflow = chainWorkflow(built.items, [
		{
			type: scenario.operation.node,
			credentialType: scenario.operation.credentialType,
			onError: scenario.onError === 'stopWorkflow' ? undefined : scenario.onError,
			parameters: {
				...parameters,
				options: {
					...((parameters.options as IDataObject | undefined) ?? {}),
					...scenario.options,
				} as INodeParameters,
			},
		},
	]);
	const logsBefore = readLogs?.().length ?? 0;
	const observation = await runScheduled(
		world,
		workflow,
		credentials(scenario.world.cloudflareAuth),
		scenario.schedule,
	);
	// n8n's file logger writes asynchronously.
	if (readLogs) await new Promise((resolve) => setTimeout(resolve, 20));
	return { scenario, built, world, observation, logs: readLogs?.().slice(logsBefore) ?? '' };
}

// ---------------------------------------------------------------------------------------------
// What was told, item by item

export type Told =
	| { how: 'output'; json: IDataObject }
	| { how: 'error'; message: string; where: string }
	| { how: 'done'; id?: string }
	| { how: 'partWay'; text: string }
	| { how: 'failed' }
	| { how: 'notDone' };

interface NodeError {
	message?: string;
	description?: string | null;
	stack?: string;
	context?: { itemIndex?: number };
	itemIndex?: number;
}

/** Whether the run is judged on its outcomes: it ended by itself (not cancelled) and normally. */
function judged(run: Run): boolean {
	return run.observation.cancelledAt === undefined && run.observation.result !== undefined;
}

/**
 * Each input item's outcomes as the run tells them: its output items, its failure (on the main
 * or the error output, or the node's error), or — when the node stopped — its line in the stop's
 * description. `problems` gathers what cannot be read as README describes it.
 */
export function toldOutcomes(run: Run): { told: Told[][]; problems: string[] } {
	const total = run.built.items.length;
	const told: Told[][] = Array.from({ length: total }, () => []);
	const problems: string[] = [];
	const result = run.observation.result!;
	const error = result.error as NodeError | undefined;
	if (error && run.scenario.onError === 'stopWorkflow') {
		const message = String(error.message);
		const own = error.context?.itemIndex ?? error.itemIndex;
		if (total === 1) {
			told[0].push({ how: 'error', message, where: "the node's error" });
			return { told, problems };
		}
		const description = String(error.description ?? '');
		const stop = parseStop(description);
		if (!stop) {
			problems.push(
				`the node stopped with "${message}" and no description of what was done: ${JSON.stringify(description)}`,
			);
			return { told, problems };
		}
		stop.done.forEach((item, index) =>
			told[item]?.push({
				how: 'done',
				id: stop.ids.length === stop.done.length ? stop.ids[index] : undefined,
			}),
		);
		for (const [item, text] of stop.partWay) told[item]?.push({ how: 'partWay', text });
		for (const item of stop.failed)
			told[item]?.push(
				item === (own ?? Math.min(...stop.failed))
					? { how: 'error', message, where: "the node's error" }
					: { how: 'failed' },
			);
		const outOfRange = [...stop.done, ...stop.failed, ...stop.partWay.keys()].filter(
			(item) => item < 0 || item >= total,
		);
		if (outOfRange.length)
			problems.push(
				`the stop's description names items that do not exist: ${outOfRange.join(', ')}`,
			);
		const untold = told
			.map((entries, item) => (entries.length === 0 ? item : -1))
			.filter((item) => item >= 0);
		if (untold.length !== stop.notDone)
			problems.push(
				`the stop's description counts ${stop.notDone} item(s) not done, but ${untold.length} item(s) are in none of its lists`,
			);
		for (const item of untold) told[item].push({ how: 'notDone' });
		return { told, problems };
	}
	if (error)
		problems.push(`On Error = ${run.scenario.onError}, yet the workflow failed: ${error.message}`);
	const [main = [], errors = []] = result.outputs('Node 1');
	const place = (items: INodeExecutionData[], where: string) => {
		for (const output of items) {
			const paired = output.pairedItem;
			const indexes = (Array.isArray(paired) ? paired : [paired]).map((entry) =>
				typeof entry === 'number' ? entry : entry?.item,
			);
			if (indexes.length !== 1 || typeof indexes[0] !== 'number' || !told[indexes[0]]) {
				problems.push(
					`an output item (${where}) is paired with no single input item: ${JSON.stringify(paired)}`,
				);
				continue;
			}
			const json = output.json;
			const failed =
				where === 'error output' || (typeof json.error === 'string' && !('deleted' in json));
			told[indexes[0]].push(
				failed
					? { how: 'error', message: String(json.error ?? json.message), where }
					: { how: 'output', json },
			);
		}
	};
	place(main, 'main output');
	place(errors, 'error output');
	return { told, problems };
}

interface Stop {
	done: number[];
	ids: string[];
	partWay: Map<number, string>;
	failed: number[];
	notDone: number;
}

/** README's stop description: done (with IDs), stopped part-way, failed, not done. */
export function parseStop(description: string): Stop | undefined {
	const lines = description.split('\n');
	const doneLine = lines.find((line) => line.startsWith('Done before the stop'));
	const failedLine = lines.find((line) => line.startsWith('Failed: '));
	if (!doneLine || !failedLine) return undefined;
	const stop: Stop = { done: [], ids: [], partWay: new Map(), failed: [], notDone: 0 };
	const done = /^Done before the stop \(\d+ of \d+ items?\): (.*)\.$/.exec(doneLine);
	if (done) stop.done = itemList(done[1]);
	const ids = lines.find((line) => line.startsWith('Their IDs: '));
	if (ids)
		stop.ids = ids
			.slice('Their IDs: '.length, -1)
			.replace(/, and \d+ more$/, '')
			.split(', ');
	for (const line of lines) {
		const partWay = /^- item (\d+): (.*)$/.exec(line);
		if (partWay) stop.partWay.set(Number(partWay[1]), partWay[2]);
	}
	stop.failed = itemList(failedLine.slice('Failed: '.length).replace(/\.$/, ''));
	const notDone = /^Not done: the other (\d+) items?/.exec(
		lines.find((line) => line.startsWith('Not done')) ?? '',
	);
	if (notDone) stop.notDone = Number(notDone[1]);
	return stop;
}

/** `items 0–4, 6` → [0, 1, 2, 3, 4, 6]. */
function itemList(text: string): number[] {
	const items: number[] = [];
	for (const part of text.replace(/^items? /, '').split(', ')) {
		const [from, to] = part.split('–').map(Number);
		if (Number.isNaN(from)) continue;
		for (let item = from; item <= (to ?? from); item++) items.push(item);
	}
	return items;
}

// ---------------------------------------------------------------------------------------------
// 1. Nothing is sent after a cancel, or after a failure is known under Stop Workflow

const describeArrival = (arrival: Arrival) =>
	`#${arrival.seq} ${arrival.method} ${arrival.origin}${arrival.path.split('?')[0]}${arrival.items.length ? ` (item ${arrival.items.join(', ')})` : ''}`;

/** Requests that left the node (a redirect's second leg is the same request going on). */
const sentByNode = (world: World) =>
	world.arrivals.filter((arrival) => arrival.route !== 'elsewhere');

export function checkCancel(run: Run): string[] {
	const { cancelledAt, sleepsAfterCancel } = run.observation;
	if (cancelledAt === undefined) return [];
	const violations = sentByNode(run.world)
		.filter((arrival) => arrival.seq > cancelledAt)
		.map((arrival) => `sent after the cancel (event #${cancelledAt}): ${describeArrival(arrival)}`);
	for (const sleep of sleepsAfterCancel)
		violations.push(
			`a wait of ${sleep.ms} ms (begun at event #${sleep.since}) went on after the cancel`,
		);
	return violations;
}

/** What the node retries (transport.ts): lost answers, timeouts, invalid HTTP, 429 and 5xx. */
const RETRIED =
	/^(ECONNRESET|ECONNABORTED|ERR_SOCKET_CONNECTION_TIMEOUT|ECONNREFUSED|EPIPE|ETIMEDOUT|ESOCKETTIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|HPE_\w+|timeout|429|5\d\d)$/;

export function checkStop(run: Run): string[] {
	if (run.scenario.onError !== 'stopWorkflow' || !judged(run) || !run.observation.result?.error)
		return [];
	const { told } = toldOutcomes(run);
	const failed = told.flatMap((entries, item) =>
		entries.some((entry) => entry.how === 'error' || entry.how === 'failed') ? [item] : [],
	);
	// The moment the node learnt of a failure: the release of a failed item's last answer (or,
	// for a request it gave up on, the moment it did).
	// An item whose last answer would have been retried failed because the stop refused the
	// retry (it fails with that answer, since it may have acted): its failure was not known then.
	const maxRetries = Number(run.scenario.options.maxRetries ?? 4);
	let known: { at: number; item: number } | undefined;
	for (const item of failed) {
		const answered = run.world.arrivals.filter(
			(arrival) => arrival.items.includes(item) && arrival.learnt !== undefined,
		);
		if (answered.length === 0) continue;
		const last = answered.reduce((a, b) => (b.learnt! > a.learnt! ? b : a));
		const sameRoute = answered.filter((arrival) => arrival.route === last.route).length;
		const wouldRetry =
			!CREATE_ROUTES.has(last.route) &&
			RETRIED.test(last.closedEarly ? 'timeout' : (last.delivered ?? ''));
		if (wouldRetry && sameRoute <= maxRetries) continue;
		const at = last.learnt!;
		if (!known || at < known.at) known = { at, item };
	}
	if (!known) return [];
	const sent = sentByNode(run.world);
	// An ImageKit batch call whose answer settled only some of its files is finished for the
	// others (a call of fewer of the same files): the request under way, not a new one.
	const finishesCallUnderWay = (arrival: Arrival) =>
		arrival.route === 'ik.batchDelete' &&
		sent.some(
			(earlier) =>
				earlier.route === arrival.route &&
				earlier.seq < arrival.seq &&
				earlier.seq < known.at &&
				earlier.items.length > arrival.items.length &&
				arrival.items.every((item) => earlier.items.includes(item)),
		);
	return sent
		.filter((arrival) => arrival.seq > known.at && !finishesCallUnderWay(arrival))
		.map(
			(arrival) =>
				`sent after item ${known.item}'s failure was known (its last answer, event #${known.at}): ${describeArrival(arrival)}`,
		);
}

// ---------------------------------------------------------------------------------------------
// 2. A create is sent again only when the provider surely did not act

export function checkCreatesOnce(run: Run): string[] {
	const violations: string[] = [];
	run.built.expect.forEach((expectation, item) => {
		if (expectation.kind !== 'create') return;
		const sends = run.world.arrivals
			.filter((arrival) => CREATE_ROUTES.has(arrival.route) && arrival.createsFor === item)
			.sort((a, b) => a.seq - b.seq);
		for (let index = 1; index < sends.length; index++) {
			const before = sends[index - 1];
			if (!SURELY_NOT_ACTED.has(before.fault))
				violations.push(
					`item ${item}: create sent again (${describeArrival(sends[index])}) after an attempt answered "${before.delivered ?? 'nothing'}" [${before.fault}]${before.acted ? ', which the provider had acted on' : ''}`,
				);
		}
		const made = madeBy(run.world, item);
		if (made.length > 1)
			violations.push(
				`item ${item}: the provider holds ${made.length} objects made for it: ${made.join(', ')}`,
			);
	});
	const unattributed = run.world.arrivals.filter(
		(arrival) => CREATE_ROUTES.has(arrival.route) && arrival.createsFor === undefined,
	);
	for (const arrival of unattributed)
		violations.push(`a create no single item made: ${describeArrival(arrival)}`);
	return violations;
}

/** The ids of the objects the provider made for item `item`. */
function madeBy(world: World, item: number): string[] {
	return world.created
		.filter(
			(change) => world.arrivals.find((arrival) => arrival.seq === change.by)?.createsFor === item,
		)
		.map((change) => change.id);
}

// ---------------------------------------------------------------------------------------------
// 3. Each item's outcome is told exactly once, in the contract's words, and agrees with the provider

/** The contract's words for a failure (README "Refusals read …", SPEC §2 errors). */
const CONTRACT_WORDS = [
	/^Failed to [a-z]+(?: [a-z]+)*\. API error: \S/,
	/^(Image|Generation|File|Connection) ID cannot be empty\. Please provide a valid \w+ ID\.$/,
	/^Connection ID not found or expired\./,
	/^The URL /,
	// README, Options: "A name the answer does not have fails the item with the answer's fields".
	/^Output Fields: the answer has no field "[^"]+"/,
];

const NOT_FOUND_WORDS = /not found|does not exist/i;

export function checkTold(run: Run): string[] {
	if (!judged(run)) return [];
	const { told, problems } = toldOutcomes(run);
	const violations = [...problems];
	const { world } = run;
	const before = world.initial;
	const after = world.holding();
	const provider = run.scenario.operation.provider;
	told.forEach((entries, item) => {
		const expectation = run.built.expect[item];
		const many = expectation.kind === 'list';
		if (entries.length === 0 && !many) violations.push(`item ${item}: its outcome is told nowhere`);
		if (entries.length > 1 && !(many && entries.every((entry) => entry.how === 'output')))
			violations.push(
				`item ${item}: told ${entries.length} times: ${entries.map((entry) => entry.how).join(', ')}`,
			);
		for (const entry of entries)
			violations.push(...agrees(run, item, expectation, entry, before, after, provider));
	});
	return violations;
}

/**
 * Every failure is told in the contract's words: "Failed to <verb> <noun>. API error: <details>"
 * (or one of the input messages), never a transport library's own text.
 */
export function checkWords(run: Run): string[] {
	if (!judged(run)) return [];
	const { told } = toldOutcomes(run);
	const violations: string[] = [];
	told.forEach((entries, item) => {
		for (const entry of entries)
			if (entry.how === 'error' && !CONTRACT_WORDS.some((words) => words.test(entry.message)))
				violations.push(
					`item ${item}: its failure is not told in the contract's words (${entry.where}): "${entry.message}"`,
				);
	});
	return violations;
}

function agrees(
	run: Run,
	item: number,
	expectation: ItemExpect,
	entry: Told,
	before: Set<string>,
	after: Set<string>,
	provider: Provider,
): string[] {
	const { world } = run;
	const problems: string[] = [];
	const say = (text: string) => problems.push(`item ${item}: ${text}`);
	// An attempt of this item whose outcome the node could not know: a later "not found" may be
	// its doing, and README has the node report it as deleted.
	const uncertain = world.arrivals.some(
		(arrival) =>
			DELETE_ROUTES.has(arrival.route) &&
			arrival.items.includes(item) &&
			(UNCERTAIN.has(arrival.fault) || arrival.mayBeAbandoned === true),
	);
	switch (expectation.kind) {
		case 'delete': {
			const object = expectation.object;
			const held = object !== undefined && before.has(object);
			const gone = object !== undefined && !after.has(object);
			if (entry.how === 'output') {
				const { json } = entry;
				if (json.deleted === true) {
					if (object === undefined)
						say(`told deleted, but its input names nothing this account holds`);
					else if (!held && !uncertain)
						say(`told { deleted: true }, but ${provider} never held ${expectation.id}`);
					else if (!gone)
						say(`told { deleted: true }, but ${provider} still holds ${expectation.id}`);
				} else if (json.notFound === true) {
					if (!expectation.ignoreNotFound) say(`told notFound without Ignore Not Found`);
					if (held)
						say(
							`told notFound, but ${provider} held ${expectation.id}${gone ? ' (and this run deleted it)' : ''}`,
						);
				} else say(`an output that tells no delete: ${JSON.stringify(json)}`);
				if (typeof json.purgeRequestId === 'string' && !world.ik.purges.has(json.purgeRequestId))
					say(`told purgeRequestId ${json.purgeRequestId}, which ImageKit never gave`);
			} else if (entry.how === 'error' && NOT_FOUND_WORDS.test(entry.message) && held)
				say(
					`told "${entry.message}", but ${provider} held ${expectation.id}${gone ? ' (and this run deleted it)' : ''}`,
				);
			else if (entry.how === 'done' && object !== undefined && !gone)
				say(`told done before the stop, but ${provider} still holds ${expectation.id}`);
			else if (entry.how === 'notDone' && held && gone)
				say(`told not done, but ${provider} deleted ${expectation.id}`);
			break;
		}
		case 'deleteMany': {
			const ids = [...new Set(expectation.ids)];
			const key = (id: string) => objectKey('ikFile', id);
			const deletedByRun = ids.filter((id) => before.has(key(id)) && !after.has(key(id)));
			const toldToNode = world.arrivals
				.filter((arrival) => arrival.route === 'ik.batchDelete' && arrival.items.includes(item))
				// Answers the node could read: what they said of its IDs is known to it.
				.filter(
					(arrival) =>
						['ok', 'partialBatch', 'refused207'].includes(arrival.fault) && !arrival.mayBeAbandoned,
				)
				.filter((arrival) => ['200', '207', '404'].includes(arrival.delivered ?? ''));
			if (entry.how === 'output') {
				const json = entry.json as { deleted?: unknown; notFound?: unknown; failed?: unknown };
				const deleted = Array.isArray(json.deleted) ? json.deleted.map(String) : [];
				const notFound = Array.isArray(json.notFound) ? json.notFound.map(String) : [];
				const failed = Array.isArray(json.failed)
					? (json.failed as Array<{ id?: unknown }>).map((failure) => String(failure.id))
					: [];
				const all = [...deleted, ...notFound, ...failed];
				const counts = new Map<string, number>();
				for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
				const twice = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
				if (twice.length) say(`IDs told more than once: ${twice.slice(0, 5).join(', ')}`);
				const untold = ids.filter((id) => !counts.has(id));
				if (untold.length)
					say(
						`IDs told nowhere: ${untold.slice(0, 5).join(', ')}${untold.length > 5 ? ` (${untold.length} in all)` : ''}`,
					);
				const strangers = all.filter((id) => !ids.includes(id));
				if (strangers.length)
					say(`IDs told that it did not list: ${strangers.slice(0, 5).join(', ')}`);
				const stillHeld = deleted.filter((id) => after.has(key(id)));
				if (stillHeld.length)
					say(
						`told deleted, but ImageKit still holds ${stillHeld.length}: ${stillHeld.slice(0, 5).join(', ')}`,
					);
				const neverHeld = deleted.filter((id) => !before.has(key(id)));
				if (neverHeld.length && !uncertain)
					say(
						`told deleted, but ImageKit never held ${neverHeld.length}: ${neverHeld.slice(0, 5).join(', ')}`,
					);
				const falselyMissing = notFound.filter((id) => before.has(key(id)));
				if (falselyMissing.length)
					say(
						`told notFound, but ImageKit held ${falselyMissing.length}: ${falselyMissing.slice(0, 5).join(', ')}`,
					);
			} else if (entry.how === 'error' && toldToNode.length > 0)
				say(
					`failed as a whole ("${entry.message}"), though ImageKit had answered some of its IDs (${toldToNode.map((arrival) => `#${arrival.seq} → ${arrival.delivered}`).join(', ')}); ${deletedByRun.length} of its IDs are gone and told nowhere`,
				);
			else if (entry.how === 'partWay') {
				const listed =
					/deleted \d+ of \d+ IDs: (.*)$/.exec(entry.text)?.[1]?.replace(/\.$/, '').split(', ') ??
					[];
				const wrong = listed.filter((id) => !deletedByRun.includes(id));
				if (wrong.length)
					say(
						`told deleted part-way, but ImageKit did not delete: ${wrong.slice(0, 5).join(', ')}`,
					);
				const toldDeleted = toldToNode.flatMap((arrival) => arrival.toldDeleted ?? []);
				const forgotten = toldDeleted.filter((id) => !listed.includes(id));
				if (forgotten.length)
					say(
						`stopped part-way, but ${forgotten.length} IDs ImageKit told deleted are not listed: ${forgotten.slice(0, 5).join(', ')}`,
					);
			} else if (entry.how === 'notDone' && deletedByRun.length)
				say(
					`told not done, but ImageKit deleted ${deletedByRun.length} of its IDs: ${deletedByRun.slice(0, 5).join(', ')}`,
				);
			break;
		}
		case 'create': {
			const made = madeBy(world, item);
			const kind = expectation.objectKind;
			if (entry.how === 'output') {
				const { json } = entry;
				const id = String(json.generationId ?? json.fileId ?? json.id ?? '');
				if (!made.includes(id))
					say(
						`told made ${id || '(no id)'}, but ${provider} made ${made.length ? made.join(', ') : 'nothing'} for it`,
					);
				else if (!after.has(objectKey(kind, id)))
					say(`told made ${id}, which ${provider} no longer holds`);
				if (kind === 'leoInit' && made.includes(id) && !world.leoInit(id)?.stored)
					say(`told uploaded ${id}, but its file never reached the storage`);
				if (expectation.waits && kind === 'leoGen' && made.includes(id)) {
					const gen = world.leoGen(id);
					const status = gen ? world.leoStatus(gen) : 'gone';
					if (json.status !== status)
						say(`told generation ${id} ${String(json.status)}, but it is ${status}`);
				}
			} else if (entry.how === 'error') {
				const untold = made.filter((id) => !entry.message.includes(id));
				if (untold.length && !/may exist/.test(entry.message))
					say(
						`told "${entry.message}" without saying it may exist, but ${provider} made ${untold.join(', ')} for it`,
					);
			} else if (entry.how === 'done') {
				if (made.length === 0)
					say(`told done before the stop, but ${provider} made nothing for it`);
				else if (entry.id !== undefined && !made.includes(entry.id))
					say(`told done with ID ${entry.id}, but ${provider} made ${made.join(', ')}`);
			} else if (entry.how === 'partWay') {
				const untold = made.filter((id) => !entry.text.includes(id));
				if (untold.length && !/may exist/.test(entry.text))
					say(
						`told stopped part-way ("${entry.text}"), but ${provider} made ${untold.join(', ')} for it`,
					);
			} else if (entry.how === 'notDone' && made.length)
				say(
					`told not done, but ${provider} made ${made.join(', ')} for it (a re-run makes another)`,
				);
			break;
		}
		case 'get': {
			const held = before.has(expectation.object);
			if (entry.how === 'output') {
				const { json } = entry;
				if (!held) say(`told ${expectation.id} found, but ${provider} holds no such object`);
				const source = describeObject(world, expectation.object);
				const asked = expectation.outputFields;
				if (asked && source) {
					for (const field of Object.keys(json)) {
						if (!asked.includes(field))
							say(`Output Fields ${asked.join(', ')}, yet the output has "${field}"`);
						else if (!Object.prototype.hasOwnProperty.call(source, field))
							say(
								`output field "${field}" is no field of the ${provider} object (${JSON.stringify(json[field])})`,
							);
					}
				}
			} else if (entry.how === 'error' && NOT_FOUND_WORDS.test(entry.message) && held)
				say(`told "${entry.message}", but ${provider} holds ${expectation.id}`);
			else if (entry.how === 'error') {
				// Told that an Output Field names nothing: the object must lack it as its own field.
				const named = /^Output Fields: the answer has no field "([^"]+)"/.exec(entry.message)?.[1];
				const source = describeObject(world, expectation.object);
				if (named && source && Object.prototype.hasOwnProperty.call(source, named))
					say(`told the answer has no field "${named}", but the ${provider} object has it`);
			}
			break;
		}
		case 'list': {
			if (entry.how === 'output') {
				const id = String(entry.json.id ?? entry.json.fileId ?? '');
				if (id && !before.has(objectKey(expectation.objectKind, id)))
					say(`listed ${id}, which ${provider} does not hold`);
			}
			break;
		}
		case 'other': {
			if (entry.how !== 'output') break;
			const { json } = entry;
			if (expectation.what === 'purge') {
				const purge = world.ik.purges.get(String(json.requestId));
				if (!purge) say(`told purge request ${String(json.requestId)}, which ImageKit never gave`);
				else if (purge.url !== expectation.value)
					say(`told purge request ${String(json.requestId)}, which purges ${purge.url}`);
			}
			if (expectation.what === 'purgeStatus' && !world.ik.purges.has(String(expectation.value)))
				say(`told a status for purge request ${expectation.value}, which ImageKit does not know`);
			if (expectation.what === 'connect' && typeof json.connectionId !== 'string')
				say(`Connect output no connectionId`);
			break;
		}
	}
	return problems;
}

/** The object as the provider answers it (what Output Fields pick from). */
function describeObject(world: World, key: string): Record<string, unknown> | undefined {
	const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
	if (kind === 'cfImage') return world.cf.images.get(id) as unknown as Record<string, unknown>;
	if (kind === 'ikFile') {
		const file = world.ik.files.get(id);
		return file
			? {
					...file,
					type: 'file',
					thumbnail: '',
					fileType: '',
					mime: '',
					height: 1,
					width: 1,
					updatedAt: '',
				}
			: undefined;
	}
	if (kind === 'leoGen') {
		const gen = world.leoGen(id);
		return gen ? world.leoGeneration(gen) : undefined;
	}
	if (kind === 'leoInit') {
		const init = world.leoInit(id);
		return init ? { id: init.id, url: '', createdAt: init.createdAt } : undefined;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// 4. No form of the key reaches another host, nor any output, error or log

export function checkKeys(run: Run): string[] {
	const violations: string[] = [];
	const forms = Object.entries(KEY_FORMS) as Array<[Provider, string[]]>;
	for (const arrival of run.world.arrivals) {
		const text = `${arrival.path}\n${Object.values(arrival.headers).join('\n')}\n${arrival.bodyText}`;
		for (const [provider, keys] of forms) {
			if (CREDENTIAL_HOSTS[provider].includes(arrival.origin)) continue;
			const found = keys.find((key) => text.includes(key));
			if (found)
				violations.push(
					`${provider}'s key (${keyForm(found, keys)}) reached ${arrival.origin}: ${describeArrival(arrival)}${
						arrival.route === 'elsewhere' ? ' (following a redirect)' : ''
					}`,
				);
		}
	}
	const result = run.observation.result;
	const error = result?.error as NodeError | undefined;
	const places: Array<[string, string]> = [
		['the run data (outputs and errors)', JSON.stringify(result?.run ?? {})],
		["the node's error message", String(error?.message ?? '')],
		["the node's error description", String(error?.description ?? '')],
		["the node's error stack", String(error?.stack ?? '')],
		["n8n's log", run.logs],
	];
	for (const [place, text] of places)
		for (const [provider, keys] of forms) {
			const found = keys.find((key) => text.includes(key));
			if (found) violations.push(`${provider}'s key (${keyForm(found, keys)}) appears in ${place}`);
		}
	return violations;
}

function keyForm(found: string, keys: string[]): string {
	return keys.indexOf(found) === 0 ? 'raw' : 'Base64 of the Basic form';
}

// ---------------------------------------------------------------------------------------------
// 5. Nothing is touched that the input did not name

export function checkUntouched(run: Run): string[] {
	const named = new Set<string>();
	const creates = run.built.expect.some((expectation) => expectation.kind === 'create');
	for (const expectation of run.built.expect) {
		if (expectation.kind === 'delete' && expectation.object) named.add(expectation.object);
		if (expectation.kind === 'deleteMany')
			for (const id of expectation.ids) named.add(objectKey('ikFile', id));
	}
	// What an item of this run made is its own (an upload that replaces it touches nothing else).
	for (const change of run.world.created) named.add(objectKey(change.kind, change.id));
	const violations: string[] = [];
	for (const change of run.world.deleted) {
		const key = objectKey(change.kind, change.id);
		if (!named.has(key))
			violations.push(`deleted ${key}, which no input item names (request #${change.by})`);
	}
	for (const change of run.world.created) {
		const arrival = run.world.arrivals.find((candidate) => candidate.seq === change.by);
		if (!creates)
			violations.push(
				`made ${objectKey(change.kind, change.id)} in an operation that creates nothing`,
			);
		else if (arrival?.createsFor === undefined)
			violations.push(
				`made ${objectKey(change.kind, change.id)} for no input item (request #${change.by})`,
			);
	}
	return violations;
}

/** The provider a request went to, for a counterexample's story. */
export function story(run: Run): string {
	const lines = run.world.arrivals.map(
		(arrival) =>
			`  #${arrival.seq} ${arrival.method} ${arrival.origin}${arrival.path.split('?')[0]} items [${arrival.items.join(',')}] fault ${arrival.fault} → ${arrival.delivered ?? 'held'}${arrival.acted ? ' (acted)' : ''}${arrival.closedEarly ? ' (the node had given up on it: its Request Timeout)' : ''}${arrival.released !== undefined ? ` @${arrival.released}` : ''}`,
	);
	const result = run.observation.result;
	const error = result?.error as NodeError | undefined;
	const [main = [], errors = []] = result?.outputs('Node 1') ?? [];
	return [
		'requests:',
		...lines.slice(0, 80),
		...(lines.length > 80 ? [`  … ${lines.length - 80} more`] : []),
		run.observation.cancelledAt !== undefined
			? `cancelled at event #${run.observation.cancelledAt}`
			: '',
		error ? `node error: ${error.message}\n${String(error.description ?? '').slice(0, 1500)}` : '',
		`main output (${main.length}): ${JSON.stringify(main.slice(0, 6).map((item) => item.json))}`,
		`error output (${errors.length}): ${JSON.stringify(errors.slice(0, 6).map((item) => item.json))}`,
		run.observation.stuck ? `stuck: ${run.observation.stuck}` : '',
		`releases, in order:\n${run.observation.trace
			.slice(0, 60)
			.map((line) => `  ${line}`)
			.join(
				'\n',
			)}${run.observation.trace.length > 60 ? `\n  … ${run.observation.trace.length - 60} more` : ''}`,
	]
		.filter(Boolean)
		.join('\n');
}

export const PROVIDER_OF_ORIGIN = providerOf;
