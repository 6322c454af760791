// @ts-check
'use strict';
/**
 * A throwaway PostgreSQL server for the queue-mode check. n8n supports queue mode on PostgreSQL
 * (on SQLite each process warns "Scaling mode is not officially supported with sqlite. Please use
 * PostgreSQL instead."): a main and three workers writing one SQLite file is not what users run,
 * and a hang there would not be ours to find.
 * Debian's postgresql (installed when missing), a new cluster in a temporary folder, trust on
 * loopback, durability off (nothing here outlives the check).
 */
const { execFileSync, spawn } = require('node:child_process');
const { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { ensureDebianPackages } = require('./debian');
const { stopProcess } = require('./n8n');

const SERVER_ROOT = '/usr/lib/postgresql';
const USER = 'n8n';
const DATABASE = 'postgres';

/** The newest installed server's bin folder (Debian keeps them out of PATH), if any. */
function serverBin() {
	if (!existsSync(SERVER_ROOT)) return undefined;
	const [newest] = readdirSync(SERVER_ROOT)
		.filter((version) => existsSync(path.join(SERVER_ROOT, version, 'bin/postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return newest === undefined ? undefined : path.join(SERVER_ROOT, newest, 'bin');
}

/** PostgreSQL refuses to run as root: as root, the server runs as Debian's postgres user. */
function serverUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const id = (/** @type {string} */ flag) =>
		Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * Starts a server on `port`; resolves once it accepts connections.
 * @param {number} port
 * @returns {Promise<{ env: Record<string, string>, stop: () => Promise<void> }>}
 */
async function startPostgres(port) {
	ensureDebianPackages({
		command: 'postgres',
		packages: ['postgresql'],
		purpose: 'the queue-mode check',
		skipFlag: '--no-queue',
		isPresent: () => serverBin() !== undefined,
	});
	const bin = /** @type {string} */ (serverBin());
	const user = serverUser();
	// /tmp as root: the postgres user must reach the folder, and TMPDIR may sit in root's home.
	const parent = user.uid === undefined ? tmpdir() : '/tmp';
	const dataDir = mkdtempSync(path.join(parent, 'n8n-e2e-postgres-'));
	if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid);
	const remove = () => rmSync(dataDir, { recursive: true, force: true });
	// A locale the machine lacks (LANG from elsewhere) would stop initdb: C.UTF-8 is always there.
	const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
	try {
		execFileSync(
			path.join(bin, 'initdb'),
			['-D', dataDir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
			{ ...user, env, stdio: 'pipe' },
		);
	} catch (error) {
		remove();
		throw new Error(`initdb failed: ${String(/** @type {any} */ (error).stderr ?? error)}`);
	}
	const server = spawn(
		path.join(bin, 'postgres'),
		[
			// TCP only: a socket path under a long TMPDIR may be longer than Unix allows.
			...['-D', dataDir, '-p', String(port), '-k', ''],
			...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
			...['-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		],
		{ ...user, env, cwd: dataDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const stop = async () => {
		await stopProcess(server, 5000);
		remove();
	};
	let log = '';
	const ready = new Promise((resolve, reject) => {
		const take = (/** @type {Buffer} */ chunk) => {
			log += chunk;
			if (log.includes('ready to accept connections')) resolve(undefined);
		};
		server.stdout.on('data', take);
		server.stderr.on('data', take);
		server.once('error', (error) => reject(new Error(`postgres did not start: ${error.message}`)));
		server.once('exit', (code) => reject(new Error(`postgres exited (${code}):\n${log}`)));
		setTimeout(() => reject(new Error(`postgres did not start in 30 s:\n${log}`)), 30_000).unref();
	});
	try {
		await ready;
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		stop,
	};
}

module.exports = { startPostgres };
