/**
 * Imported first by tests that scan n8n's logs: n8n reads its logging settings when it first
 * logs, so these are set before n8n loads. Everything it logs, at debug level, goes to a file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const logDir = mkdtempSync(path.join(tmpdir(), 'n8n-logs-'));
const logFile = path.join(logDir, 'n8n.log');
process.env.N8N_LOG_LEVEL = 'debug';
process.env.N8N_LOG_OUTPUT = 'file';
process.env.N8N_LOG_FILE_LOCATION = logFile;

/** What n8n has logged so far in this test file. */
export function n8nLogs(): string {
	try {
		return readFileSync(logFile, 'utf8');
	} catch {
		return '';
	}
}

export function removeLogs(): void {
	rmSync(logDir, { recursive: true, force: true });
}
