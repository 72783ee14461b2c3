/**
 * Reads n8n's sqlite database (<user folder>/.n8n/database.sqlite): executions from execution_entity and
 * execution_data (run data in `flatted` format), workflow ids from workflow_entity. The reading runs in a child
 * process on n8n's own Node with the sqlite3 and flatted modules of the pinned n8n install: the package does not
 * depend on them, and their native sqlite3 binding is built for that Node.
 */
import * as fs from 'node:fs';

import type { N8nItem } from './n8nProcess';
import { n8nServer } from './paths';
import { childEnv, run } from './proc';

export interface StoredExecution {
	id: number;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	/** Node name -> items of its first run's outputs (undefined when the execution has no stored data yet). */
	runData?: Record<string, Array<N8nItem[] | null>>;
	error?: string;
}

// Runs on n8n's Node: argv = [dbFile, node_modules folder, query, params JSON]; prints the result as JSON.
const READER = `
const [dbFile, modules, query, paramsJson] = process.argv.slice(1);
const sqlite3 = require(modules + '/sqlite3');
const flatted = require(modules + '/flatted');
const params = JSON.parse(paramsJson);
const done = (error, value) => {
	if (error) { process.stderr.write(String(error && error.message || error)); process.exit(3); }
	process.stdout.write(JSON.stringify(value));
};
const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (openError) => {
	if (openError) return done(openError);
	if (query === 'workflows') {
		return db.all('SELECT id FROM workflow_entity', [], (error, rows) => {
			db.close();
			if (error && /no such table/.test(error.message)) return done(null, []);
			done(error, (rows || []).map((r) => r.id));
		});
	}
	const marks = params.map(() => '?').join(',');
	db.all(
		'SELECT e.id, e.workflowId, e.status, e.mode, e.finished, e.startedAt, e.stoppedAt, d.data FROM execution_entity e ' +
			'LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId IN (' + marks + ') ORDER BY e.id',
		params,
		(error, rows) => {
			db.close();
			if (error) return done(error);
			done(null, rows.map((row) => {
				const execution = { id: row.id, workflowId: row.workflowId, status: row.status, mode: row.mode, finished: row.finished === 1 || row.finished === true, startedAt: row.startedAt, stoppedAt: row.stoppedAt };
				if (row.data) {
					const parsed = flatted.parse(row.data);
					const result = (parsed && parsed.resultData) || {};
					execution.error = result.error && result.error.message;
					execution.runData = {};
					for (const [node, tasks] of Object.entries(result.runData || {})) {
						execution.runData[node] = (tasks[0] && tasks[0].data && tasks[0].data.main) || [];
					}
				}
				return execution;
			}));
		},
	);
});
`;

async function query<T>(
	dbFile: string,
	what: 'executions' | 'workflows',
	params: unknown[],
): Promise<T> {
	const server = n8nServer();
	for (let attempt = 1; ; attempt++) {
		const result = await run(
			server.node,
			['-e', READER, dbFile, server.nodeModules, what, JSON.stringify(params)],
			{
				env: childEnv(),
				timeoutMs: 60_000,
			},
		);
		if (result.code === 0) return JSON.parse(result.stdout) as T;
		if (attempt >= 10 || !/SQLITE_BUSY|SQLITE_LOCKED/.test(result.stderr)) {
			throw new Error(`reading ${dbFile} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
	}
}

/** Executions of the given workflows, oldest first, with their run data parsed. Retries while the database is busy. */
export async function readExecutions(
	dbFile: string,
	workflowIds: string[],
): Promise<StoredExecution[]> {
	return query<StoredExecution[]>(dbFile, 'executions', workflowIds);
}

/** Ids of the workflows stored in an n8n database (empty when the database does not exist yet). */
export async function storedWorkflowIds(dbFile: string): Promise<string[]> {
	if (!fs.existsSync(dbFile)) return [];
	return query<string[]>(dbFile, 'workflows', []);
}

/**
 * Waits until the executions of these workflows are all finished and their number has not changed for quietMs
 * (deduplicated callbacks must not start anything late). Returns them.
 */
export async function waitForExecutions(
	dbFile: string,
	workflowIds: string[],
	options: { atLeast: number; timeoutMs: number; quietMs: number },
): Promise<StoredExecution[]> {
	const deadline = Date.now() + options.timeoutMs;
	let last: StoredExecution[] = [];
	let stableSince = Date.now();
	let lastKey = '';
	for (;;) {
		last = await readExecutions(dbFile, workflowIds);
		const key = last.map((e) => `${e.id}:${e.status}:${e.runData ? 1 : 0}`).join(',');
		if (key !== lastKey) {
			lastKey = key;
			stableSince = Date.now();
		}
		const settled =
			last.length >= options.atLeast &&
			last.every((e) => e.status !== 'new' && e.status !== 'running' && e.runData);
		if (settled && Date.now() - stableSince >= options.quietMs) return last;
		if (Date.now() > deadline) return last;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
