/** What the n8n and queue-mode suites share about n8n's CLI and its production webhooks. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { RunResult } from './proc';

/** A failed n8n CLI command, with the last 25 lines it printed. */
export function cliFailure(args: string[], result: RunResult): Error {
	const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
	return new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${output}`);
}

/**
 * Imports credentials or workflows through n8n's CLI from a file in `logDir`. The credentials file holds secrets
 * in clear text, so it is removed as soon as n8n has read it.
 */
export async function importThroughCli(
	kind: 'credentials' | 'workflow',
	entries: unknown[],
	logDir: string,
	cli: (args: string[]) => Promise<unknown>,
): Promise<void> {
	const file = path.join(logDir, `${kind}-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(entries, null, 2), { mode: 0o600 });
	try {
		await cli([`import:${kind}`, `--input=${file}`]);
	} finally {
		if (kind === 'credentials') fs.rmSync(file, { force: true });
	}
}

/**
 * One probe of a production webhook: a POST with an empty text/plain body. n8n answers 404 while the webhook is
 * unknown; the AIRudder Trigger refuses the empty body (400, or 401 with a shared secret) without starting the
 * workflow. 0 when nothing answered.
 */
export async function probeWebhook(url: string): Promise<number> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'text/plain' },
			body: '',
			signal: AbortSignal.timeout(5_000),
		});
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}
