// @ts-check
'use strict';
/**
 * The end-to-end cases, by topic: workflow JSON run by a real n8n against the sandbox, then
 * checked on the run data and on what the sandbox holds and received (its control API).
 */
const { bulkCases } = require('./bulk');
const { createsCase } = require('./creates');
const { deleteCases } = require('./deletes');
const { downloadCases } = require('./download');
const { dryRunCases } = require('./dryRun');
const { exampleCases } = require('./examples');
const { faultCases } = require('./faults');
const { rulesCases } = require('./rules');
const { stopCases } = require('./stop');
const { uploadsCase } = require('./uploads');

/**
 * @returns {Array<{ name: string, workflow: any, workflows?: any[], seed?: any, knobs?: any, check: (result: any, sandbox: any) => any }>}
 *   workflows: the sub-workflows `workflow` calls (imported and published beside it); check may
 *   return a promise
 */
function buildCases() {
	return [
		...deleteCases(),
		...dryRunCases(),
		...downloadCases(),
		uploadsCase(),
		createsCase(),
		...bulkCases(),
		...faultCases(),
		...stopCases(),
		...exampleCases(),
		...rulesCases(),
	];
}

module.exports = { buildCases };
