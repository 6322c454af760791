'use strict';
/**
 * Preloaded into `n8n execute` (NODE_OPTIONS=--require): prints the exit code n8n chose, with its
 * pid, as the process begins to exit. n8n 2.41.1 on Node 24 sometimes dies of SIGSEGV after that,
 * while isolated-vm (its default expression engine) is torn down: about 1 run in 3 with both cores
 * busy, none with N8N_EXPRESSION_ENGINE=legacy. The run had ended and its result was printed; the
 * harness then takes the code n8n chose instead of the signal (test/e2e/n8n.js, `execute`).
 */
const { writeSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

// Registered first, so it sees the code n8n passed to process.exit; n8n's own exit listeners
// (cleanups in 2.41.1) run after it and do not change that code.
process.on('exit', (code) => {
	if (!isMainThread) return; // a worker thread shares the pid: only the process's code counts
	try {
		writeSync(2, `\n[exit-code ${process.pid} ${code}]\n`);
	} catch {
		// stderr closed: the harness falls back to the signal
	}
});
