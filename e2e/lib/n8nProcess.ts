/**
 * One real n8n (the pinned install in e2e/n8n-server) with its own user folder: CLI commands (import, activate,
 * execute) while it is stopped, and `n8n start` on 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cliFailure, importThroughCli, probeWebhook } from './n8nCli';
import { n8nServer } from './paths';
import {
	childEnv,
	pathWithNode,
	run,
	startService,
	tail,
	type RunResult,
	type Service,
} from './proc';

export interface N8nOptions {
	/** N8N_USER_FOLDER; n8n keeps its database, key and community nodes in <userFolder>/.n8n. */
	userFolder: string;
	port: number;
	/** Folder for n8n's log files (start and CLI). */
	logDir: string;
	/** Set: load the nodes from this folder through N8N_CUSTOM_EXTENSIONS (type prefix CUSTOM.). */
	customExtensions?: string;
	/** Extra environment (for example GENERIC_TIMEZONE, N8N_SECURE_COOKIE). */
	env?: Record<string, string>;
}

/** n8n's stored run of a workflow, as `n8n execute --rawOutput` prints it. */
export interface N8nRun {
	status: string;
	finished?: boolean;
	mode: string;
	data: {
		resultData: {
			error?: { message?: string; description?: string };
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message?: string };
					data?: { main: Array<Array<N8nItem> | null> };
				}>
			>;
			lastNodeExecuted?: string;
		};
	};
}

export interface N8nItem {
	json: Record<string, unknown>;
	pairedItem?: { item: number } | Array<{ item: number }>;
	error?: unknown;
}

export interface ExecuteResult {
	ok: boolean;
	run?: N8nRun;
	ms: number;
	/** Output tail when something went wrong. */
	diagnostics: string;
}

const READY_LINE = /Editor is now accessible via/;

export class N8n {
	readonly options: N8nOptions;
	readonly logFile: string;
	readonly cliLogFile: string;
	private service?: Service;
	cliCalls = 0;
	cliMs = 0;

	constructor(options: N8nOptions) {
		this.options = options;
		fs.mkdirSync(options.logDir, { recursive: true });
		this.logFile = path.join(options.logDir, 'n8n.log');
		this.cliLogFile = path.join(options.logDir, 'n8n-cli.log');
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.options.port}`;
	}

	get dbFile(): string {
		return path.join(this.options.userFolder, '.n8n', 'database.sqlite');
	}

	webhookUrl(webhookId: string, nodePath: string): string {
		return `${this.baseUrl}/webhook/${webhookId}/${nodePath}`;
	}

	env(): NodeJS.ProcessEnv {
		const o = this.options;
		return childEnv(
			{
				N8N_USER_FOLDER: o.userFolder,
				N8N_PORT: String(o.port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_RUNNERS_ENABLED: 'false',
				N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_HIRING_BANNER_ENABLED: 'false',
				N8N_CUSTOM_EXTENSIONS: o.customExtensions,
				// child processes n8n starts with `node` (task runners) use n8n's Node
				PATH: pathWithNode(n8nServer().node),
				...o.env,
			},
			// A developer's own n8n settings must not leak into the suite's n8n.
			['N8N_', 'DB_', 'EXECUTIONS_', 'QUEUE_', 'WEBHOOK_URL', 'GENERIC_TIMEZONE'],
		);
	}

	/** One n8n CLI command (about 2-5 s each: n8n boots, runs it, exits). n8n must not be running for import/activate. */
	async cli(args: string[], timeoutMs = 180_000, logStdout = true): Promise<RunResult> {
		const { node, bin } = n8nServer();
		const result = await run(node, [bin, ...args], {
			env: this.env(),
			timeoutMs,
			logFile: this.cliLogFile,
			logStdout,
		});
		this.cliCalls++;
		this.cliMs += result.ms;
		return result;
	}

	private async cliOrThrow(args: string[]): Promise<RunResult> {
		const result = await this.cli(args);
		if (result.code !== 0) throw cliFailure(args, result);
		return result;
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		await importThroughCli('credentials', credentials, this.options.logDir, (args) =>
			this.cliOrThrow(args),
		);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await importThroughCli('workflow', workflows, this.options.logDir, (args) =>
			this.cliOrThrow(args),
		);
	}

	/** Publishes (activates) a workflow; takes effect when n8n starts, so call it while n8n is stopped. */
	async activate(workflowId: string): Promise<void> {
		const result = await this.cliOrThrow([
			'update:workflow',
			`--id=${workflowId}`,
			'--active=true',
		]);
		// n8n 1.x: "Activating workflow ..."; n8n 2.x (command deprecated for publish:workflow): "Publishing workflow ..."
		if (!/Activating workflow|Publishing workflow/i.test(`${result.stdout}\n${result.stderr}`)) {
			throw new Error(
				`n8n update:workflow --id=${workflowId} --active=true did not confirm the activation`,
			);
		}
	}

	/** Runs a manually triggered workflow with `n8n execute --id --rawOutput` and parses the run it prints. */
	async execute(workflowId: string): Promise<ExecuteResult> {
		// stdout is the whole run data (about 1 MB for 2,500 items): returned, not logged
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], 300_000, false);
		const run = parseRun(result.stdout);
		const ok = result.code === 0 && run !== undefined;
		const diagnostics = ok
			? ''
			: `exit ${result.code}${result.timedOut ? ' (timed out)' : ''}\n${`${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`.trim()}`;
		return { ok, run, ms: result.ms, diagnostics };
	}

	/** `n8n start`; resolves when n8n logs that the editor is accessible (webhooks are registered by then). */
	async start(timeoutMs = 120_000, echo?: (line: string) => void): Promise<number> {
		if (this.service?.isRunning()) throw new Error('n8n is already running');
		const started = Date.now();
		const { node, bin } = n8nServer();
		this.service = startService(node, [bin, 'start'], {
			env: this.env(),
			logFile: this.logFile,
			echo,
		});
		await this.service.waitForLine(READY_LINE, timeoutMs);
		return Date.now() - started;
	}

	/**
	 * Waits until n8n has registered a production webhook. n8n 1.x registers active workflows before it logs
	 * "Editor is now accessible via"; n8n 2.x activates them only afterwards. The probe is a POST with an empty
	 * text/plain body: n8n answers 404 while the webhook is unknown; the AIRudder Trigger refuses it (400, or 401 with a
	 * shared secret) without starting the workflow.
	 */
	async waitForWebhook(url: string, timeoutMs = 60_000): Promise<number> {
		const started = Date.now();
		for (;;) {
			const status = await probeWebhook(url);
			if (status !== 0 && status !== 404) return Date.now() - started;
			if (!this.isRunning()) throw new Error('n8n exited while waiting for its webhooks');
			if (Date.now() - started > timeoutMs)
				throw new Error(
					`${url} still not registered after ${timeoutMs / 1000} s (last answer ${status})`,
				);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	isRunning(): boolean {
		return this.service?.isRunning() ?? false;
	}

	/** Stops n8n and everything it started (its process group). */
	async stop(): Promise<void> {
		await this.service?.stop(15_000);
	}

	logTail(lines = 60): string {
		return tail(this.logFile, lines);
	}

	cliLogTail(lines = 40): string {
		return tail(this.cliLogFile, lines);
	}
}

/** The JSON document `n8n execute --rawOutput` prints (from the first line that is exactly "{" to the last "}"). */
export function parseRun(stdout: string): N8nRun | undefined {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line === '{');
	let last = -1;
	for (let i = lines.length - 1; i >= 0; i--) {
		if (lines[i] === '}') {
			last = i;
			break;
		}
	}
	if (first < 0 || last < first) return undefined;
	try {
		return JSON.parse(lines.slice(first, last + 1).join('\n')) as N8nRun;
	} catch {
		return undefined;
	}
}

/** The items a node put out on its first output, in its first run. */
export function nodeOutput(
	run: N8nRun | undefined,
	nodeName: string,
	output = 0,
): N8nItem[] | undefined {
	const task = run?.data.resultData.runData[nodeName]?.[0];
	return task?.data?.main[output] ?? undefined;
}
