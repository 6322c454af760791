import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What a fresh machine relies on: the README's commands, CI running them, one home for versions. */
const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

const readme = read('README.md');
const ciRun = read('.ci/run');
const versions = JSON.parse(read('scripts/n8n/versions.json')) as Record<
	string,
	{ n8n: string; node: string }
>;
const tested = Object.entries(versions).filter(([key]) => !key.startsWith('$'));

/** The commands of the README's first code block: `a && b  # comment` → [[a, b], …]. */
function readmeCommands(): string[][] {
	const block = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
	return block
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.filter(Boolean)
		.map((line) => line.split('&&').map((command) => command.trim()));
}

function filesBelow(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
		const file = path.join(dir, name);
		return statSync(path.join(ROOT, file)).isDirectory() ? filesBelow(file) : [file];
	});
}

describe('a fresh machine', () => {
	test("every command of the README's first code block is npm ci or a script package.json defines", () => {
		const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
		const commands = readmeCommands().flat();
		expect(commands.length).toBeGreaterThan(0);
		const unknown = commands.filter(
			(command) =>
				command !== 'npm ci' && !scripts.includes(command.replace(/^npm (run |)/, '').trim()),
		);
		expect(unknown).toEqual([]);
	});

	test('CI runs exactly the README test commands, with n8n installed into a new empty cache', () => {
		const commands = ciRun
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => /^npm /.test(line));
		expect(commands).toEqual(readmeCommands()[1]);
		expect(ciRun).toMatch(/N8N_E2E_CACHE="\$\(mktemp -d/);
		expect(ciRun).toMatch(/export N8N_E2E_CACHE/);
	});

	test('the lock file is in step with package.json (npm ci installs from it as it is)', () => {
		const pkg = JSON.parse(read('package.json'));
		const lock = JSON.parse(read('package-lock.json'));
		expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
		expect(lock.packages[''].peerDependencies).toEqual(pkg.peerDependencies);
	});

	test("the README's Compatibility section names exactly the n8n versions the tests install", () => {
		const compatibility = readme.slice(readme.indexOf('## Compatibility'));
		const named = [
			...compatibility.slice(0, compatibility.indexOf('\n## ')).matchAll(/\*\*n8n ([\d.]+)\*\*/g),
		].map((match) => match[1]);
		expect(named.sort()).toEqual(tested.map(([, line]) => line.n8n).sort());
	});

	test('no script or e2e file writes an n8n version of its own: versions.json is the one place', () => {
		const pattern = new RegExp(tested.map(([, line]) => line.n8n.replace(/\./g, '\\.')).join('|'));
		const offenders = [...filesBelow('scripts'), ...filesBelow('test/e2e'), '.ci/run']
			.filter((file) => file.endsWith('.js') || file.endsWith('.sh') || file === '.ci/run')
			.filter((file) => pattern.test(read(file)));
		expect(offenders).toEqual([]);
	});
});
