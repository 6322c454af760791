/**
 * One fault-model property = one jest test: fast-check draws scenarios of one family, each runs
 * through n8n's engine against the fakes, and the property holds when the given checks find no
 * violation in any run (and every run ended).
 *
 * Seeds: `npm test` draws the same runs every time (a seed per property, from its title), so that
 * a run of CI fails only for a change; `FAULT_SEED=random` explores new ones.
 * Replay: each property prints its seed. `FAULT_SEED=<seed>` replays the same runs (with
 * `FAULT_PATH=<path>` straight to the counterexample fast-check printed); `FAULT_RUNS=<n>` runs
 * every property n times (default: a few, to keep `npm test` fast); `FAULT_TIME=<seconds>`
 * bounds a property's search and shrinking (default 25 s); `FAULT_SHRINK=0` reports the first
 * counterexample as found. To look past a violation whose fix is not in yet: `FAULT_EXCLUDE` /
 * `FAULT_ONLY` (faults), `FAULT_AVOID` (scenario features), `FAULT_PROVIDERS`, `FAULT_OPERATIONS`
 * (scenarios.ts).
 */
import fc from 'fast-check';

import {
	describeScenario,
	scenarioArbitrary,
	type Family,
	type ScenarioOptions,
} from './scenarios';
import { runScenario, story, type Run } from './invariants';
import { quietStats } from './scheduler';

const env = process.env;

export interface PropertyOptions extends ScenarioOptions {
	/** Runs at the default size. */
	runs: number;
	readLogs?: () => string;
}

/** What the fakes answered off their providers' specs, over every property of a file. */
export const specProblems = new Set<string>();

export function faultProperty(
	title: string,
	family: Family | Family[],
	checks: Array<(run: Run) => string[]>,
	options: PropertyOptions,
): void {
	const numRuns = env.FAULT_RUNS ? Number(env.FAULT_RUNS) : options.runs;
	const timeLimit = 1000 * Number(env.FAULT_TIME ?? 25);
	test(
		title,
		async () => {
			const seed =
				env.FAULT_SEED === 'random'
					? Date.now() ^ (Math.random() * 0x7fffffff)
					: env.FAULT_SEED
						? Number(env.FAULT_SEED)
						: fixedSeed(title);
			process.stdout.write(`[faults] ${title}: seed ${seed}, ${numRuns} runs\n`);
			let last: { run: Run; violations: string[] } | undefined;
			// Past the time limit, runs pass without running: the search (or the shrinking) ends with
			// what it has. (fast-check's own interruptAfterTimeLimit would leave a run going on in the
			// background, into the next one.)
			const deadline = performance.now() + timeLimit;
			let skipped = 0;
			const found = new WeakMap<object, string[]>();
			const property = fc.asyncProperty(scenarioArbitrary(family, options), async (scenario) => {
				if (performance.now() > deadline) {
					skipped++;
					return true;
				}
				const run = await runScenario(scenario, options.readLogs);
				for (const problem of run.world.specProblems) specProblems.add(problem);
				const violations = [
					...(run.observation.stuck ? [`the run did not end: ${run.observation.stuck}`] : []),
					...(run.observation.runError
						? [`the engine failed: ${String(run.observation.runError)}`]
						: []),
					...checks.flatMap((check) => check(run)),
				];
				last = { run, violations };
				found.set(scenario, violations);
				return violations.length === 0;
			});
			const details = await fc.check(property, {
				seed,
				numRuns,
				...(env.FAULT_PATH ? { path: env.FAULT_PATH } : {}),
				endOnFailure: env.FAULT_SHRINK === '0',
			});
			if (skipped > 0)
				process.stdout.write(`[faults] ${title}: time limit reached, ${skipped} run(s) not run\n`);
			if (!details.failed) return;
			// Run the counterexample once more, for its story.
			const [scenario] = details.counterexample ?? [];
			let account = '';
			if (scenario) {
				const violations = found.get(scenario) ?? [];
				const run = await runScenario(scenario, options.readLogs);
				const again = checks.flatMap((check) => check(run));
				const list = (items: string[]) => [
					...items.slice(0, 20).map((violation) => `  - ${violation}`),
					...(items.length > 20 ? [`  … ${items.length - 20} more`] : []),
				];
				account = [
					describeScenario(scenario),
					'violations:',
					...list(violations),
					`run once more for its story, it found ${again.length === 0 ? 'none' : 'these'}:`,
					...list(again),
					story(run),
				].join('\n');
			} else if (last) account = last.violations.join('\n');
			throw new Error(
				[
					`${title}: violated after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s).`,
					`Replay: FAULT_SEED=${details.seed} FAULT_PATH=${details.counterexamplePath ?? ''} npx jest ${expect.getState().testPath ?? ''}`,
					details.errorInstance ? `error: ${String(details.errorInstance)}` : '',
					account,
				]
					.filter(Boolean)
					.join('\n'),
			);
		},
		timeLimit * 3 + 60_000,
	);
}

/** The last test of a file: the fakes stayed within the providers' specs; quiescence had margin. */
export function harnessChecks(): void {
	test('the fakes answered within the providers’ OpenAPI specifications, and quiescence had margin', () => {
		expect([...specProblems]).toEqual([]);
		process.stdout.write(
			`[faults] longest idle stretch before the node acted: ${quietStats.longestTurns} turns, ${quietStats.longestMs.toFixed(1)} ms\n`,
		);
		expect(quietStats.nearMisses).toEqual([]);
	});
}

/** A property's seed when none is asked for: the same every run (FNV-1a of its title). */
function fixedSeed(title: string): number {
	let hash = 0x811c9dc5;
	for (const char of title) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
	return hash | 0;
}
