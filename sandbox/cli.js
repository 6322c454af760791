#!/usr/bin/env node
// @ts-check
'use strict';
// `npm run sandbox`: the provider sandbox alone, seeded with sample images, on 127.0.0.1.
const { createSandbox, KEYS } = require('./server');

async function main() {
	const port = Number(process.env.SANDBOX_PORT ?? 8787);
	const sandbox = createSandbox();
	if (process.env.SANDBOX_EMPTY !== '1') sandbox.control.seed('sample');
	const url = await sandbox.listen(port);
	process.stdout.write(
		[
			`Provider sandbox listening on ${url}`,
			'',
			'Base URLs for credentials:',
			`  Leonardo AI        ${url}/leonardo/api/rest/v1          API key: ${KEYS.leonardo}`,
			`  Cloudflare Images  ${url}/cloudflare/client/v4          account: ${KEYS.cloudflareAccount}, token: ${KEYS.cloudflareToken}`,
			`                     batch: ${url}/cloudflare-batch`,
			`  ImageKit           ${url}/imagekit                      private key: ${KEYS.imagekit}`,
			`                     a second account's private key: ${KEYS.imagekitSecond}`,
			`                     upload: ${url}/imagekit-upload`,
			'',
			`Control: ${url}/_sandbox/state, /_sandbox/stats, /_sandbox/requests, POST /_sandbox/knobs, POST /_sandbox/reset`,
			'',
		].join('\n'),
	);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
