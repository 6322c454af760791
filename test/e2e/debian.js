// @ts-check
'use strict';
/**
 * The browser and queue-mode checks need programs that npm cannot bring: Debian's chromium,
 * redis-server and postgresql. They are installed with apt-get when missing (these machines run as
 * root); where that cannot happen, the check fails with the reason and the way out, not an obscure
 * error.
 */
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

/** @param {string} command */
function onPath(command) {
	if (command.startsWith('/')) return existsSync(command);
	return (process.env.PATH ?? '')
		.split(':')
		.some((dir) => dir && existsSync(path.join(dir, command)));
}

/**
 * @param {{ command: string, packages: string[], purpose: string, skipFlag: string,
 *   isPresent?: () => boolean }} need isPresent: for a command Debian keeps out of PATH
 */
function ensureDebianPackages({
	command,
	packages,
	purpose,
	skipFlag,
	isPresent = () => onPath(command),
}) {
	if (isPresent()) return;
	const by = `apt-get install ${packages.join(' ')}`;
	const cannot = (/** @type {string} */ why) =>
		new Error(
			`${purpose} needs ${command} (Debian: ${by}); ${why}. Install it, or run the suite with ${skipFlag}.`,
		);
	if (!onPath('apt-get')) throw cannot('this machine has no apt-get');
	if (typeof process.getuid === 'function' && process.getuid() !== 0)
		throw cannot('installing it needs root');
	process.stdout.write(`Installing Debian's ${packages.join(', ')} for ${purpose} (about 1 min)\n`);
	try {
		execFileSync(
			'bash',
			[
				'-c',
				`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`,
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
	} catch (error) {
		const output = `${/** @type {any} */ (error).stdout ?? ''}${/** @type {any} */ (error).stderr ?? ''}`;
		throw cannot(`apt-get failed: ${output.trim().split('\n').slice(-5).join(' | ')}`);
	}
	if (!isPresent())
		throw cannot(`apt-get installed ${packages.join(', ')} but ${command} is still missing`);
}

module.exports = { ensureDebianPackages };
