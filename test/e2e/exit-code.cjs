'use strict';
/**
 * Preloaded into `n8n execute` (NODE_OPTIONS=--require): prints the exit code n8n chose, with its
 * pid, as the process begins to exit. n8n 2.41.1 on Node 24 sometimes dies of SIGSEGV after that,
 * while isolated-vm (its default expression engine) is torn down: about 1 run in 3 with both cores
 * busy, none with N8N_EXPRESSION_ENGINE=legacy. The run had ended and its result was printed; the
 * harness then takes the code n8n chose instead of the signal (test/e2e/n8n.js, `execute`).
 */
const { writeSync } = require('node:fs');

process.on('exit', (code) => {
	try {
		writeSync(2, `\n[exit-code ${process.pid} ${code}]\n`);
	} catch {
		// stderr closed: the harness falls back to the signal
	}
});
