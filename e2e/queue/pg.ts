/**
 * Reads n8n's PostgreSQL database with the `pg` and `flatted` modules of the pinned n8n install (the package does
 * not depend on them): executions and their run data, and the workflows' static data.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

import type { StoredExecution } from '../lib/db';
import type { N8nItem } from '../lib/n8nProcess';
import { n8nServer } from '../lib/paths';

interface QueryResult<T> {
	rows: T[];
}

export interface PgClient {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
	end(): Promise<void>;
}

interface PgModule {
	Client: new (config: Record<string, unknown>) => PgClient & { connect(): Promise<void> };
}

interface Flatted {
	parse(text: string): unknown;
}

function fromN8n<T>(name: string): T {
	const requireFromN8n = createRequire(path.join(n8nServer().nodeModules, 'n8n', 'package.json'));
	return requireFromN8n(name) as T;
}

export async function pgClient(options: {
	port: number;
	user: string;
	database: string;
}): Promise<PgClient> {
	const { Client } = fromN8n<PgModule>('pg');
	const client = new Client({
		host: '127.0.0.1',
		port: options.port,
		user: options.user,
		database: options.database,
		password: '',
	});
	await client.connect();
	return client;
}

interface ExecutionRow {
	id: string | number;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: Date | null;
	stoppedAt: Date | null;
	createdAt: Date;
	data: string | null;
}

/** A stored execution with n8n's timestamps as epoch ms. */
export interface QueueExecution extends StoredExecution {
	createdMs: number;
	stoppedMs?: number;
}

/** n8n's database as the suite reads it. */
export class N8nDatabase {
	private constructor(private readonly client: PgClient) {}

	static async connect(options: {
		port: number;
		user: string;
		database: string;
	}): Promise<N8nDatabase> {
		return new N8nDatabase(await pgClient(options));
	}

	close(): Promise<void> {
		return this.client.end();
	}

	/** Executions of the workflows, oldest first; withData parses each one's run data (first run of every node). */
	async executions(workflowIds: string[], withData = true): Promise<QueueExecution[]> {
		const { rows } = await this.client.query<ExecutionRow>(
			`SELECT e.id, e."workflowId", e.status, e.mode, e.finished, e."startedAt", e."stoppedAt", e."createdAt",
				${withData ? 'd.data' : 'NULL AS data'}
			 FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
			 WHERE e."workflowId" = ANY($1) ORDER BY e.id`,
			[workflowIds],
		);
		const flatted = withData ? fromN8n<Flatted>('flatted') : undefined;
		return rows.map((row) => {
			const execution: QueueExecution = {
				id: Number(row.id),
				workflowId: row.workflowId,
				status: row.status,
				mode: row.mode,
				finished: row.finished,
				startedAt: row.startedAt?.toISOString() ?? null,
				stoppedAt: row.stoppedAt?.toISOString() ?? null,
				createdMs: row.createdAt.getTime(),
				stoppedMs: row.stoppedAt?.getTime(),
			};
			if (row.data && flatted) {
				const parsed = flatted.parse(row.data) as {
					resultData?: {
						error?: { message?: string };
						runData?: Record<
							string,
							Array<{ data?: { main?: Array<N8nItem[] | null> } } | undefined>
						>;
					};
				};
				const result = parsed?.resultData ?? {};
				execution.error = result.error?.message;
				execution.runData = {};
				for (const [node, tasks] of Object.entries(result.runData ?? {}))
					execution.runData[node] = tasks[0]?.data?.main ?? [];
			}
			return execution;
		});
	}

	/** Execution counts by status for the workflows. */
	async counts(workflowIds: string[]): Promise<{ total: number; done: number; stoppedMs: number }> {
		const { rows } = await this.client.query<{ total: string; done: string; last: Date | null }>(
			`SELECT count(*) AS total,
				count(*) FILTER (WHERE status NOT IN ('new', 'running', 'waiting')) AS done,
				max("stoppedAt") AS last
			 FROM execution_entity WHERE "workflowId" = ANY($1)`,
			[workflowIds],
		);
		return {
			total: Number(rows[0]?.total ?? 0),
			done: Number(rows[0]?.done ?? 0),
			stoppedMs: rows[0]?.last?.getTime() ?? 0,
		};
	}

	/** A workflow's static data as n8n stored it. */
	async staticData(workflowId: string): Promise<Record<string, unknown> | null> {
		const { rows } = await this.client.query<{ staticData: unknown }>(
			'SELECT "staticData" FROM workflow_entity WHERE id = $1',
			[workflowId],
		);
		const value = rows[0]?.staticData;
		if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
		return (value as Record<string, unknown> | null | undefined) ?? null;
	}

	/**
	 * Waits until the workflows have at least `atLeast` executions, none of them still running, and the number has not
	 * changed for quietMs (a duplicate must not start anything late). Returns them.
	 */
	async waitForExecutions(
		workflowIds: string[],
		options: { atLeast: number; timeoutMs: number; quietMs: number; withData?: boolean },
	): Promise<QueueExecution[]> {
		const deadline = Date.now() + options.timeoutMs;
		let lastKey = '';
		let stableSince = Date.now();
		for (;;) {
			const { total, done } = await this.counts(workflowIds);
			const key = `${total}/${done}`;
			if (key !== lastKey) {
				lastKey = key;
				stableSince = Date.now();
			}
			const settled = total >= options.atLeast && done === total;
			if ((settled && Date.now() - stableSince >= options.quietMs) || Date.now() > deadline)
				return this.executions(workflowIds, options.withData ?? true);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}
