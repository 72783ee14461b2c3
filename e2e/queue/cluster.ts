/**
 * n8n in queue mode: one main (`n8n start`), workers (`n8n worker`) and webhook processes (`n8n webhook`), all on
 * the pinned n8n, sharing one PostgreSQL database, one Redis, one user folder and one encryption key. Every process
 * listens on 127.0.0.1 only and runs in its own process group (see ../lib/proc).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cliFailure, importThroughCli } from '../lib/n8nCli';
import { n8nServer } from '../lib/paths';
import { freePort } from '../lib/ports';
import {
	childEnv,
	pathWithNode,
	run,
	startService,
	type RunResult,
	type Service,
} from '../lib/proc';
import type { Postgres, Redis } from './services';

export type Role = 'main' | 'worker' | 'webhook';

export interface ClusterOptions {
	userFolder: string;
	logDir: string;
	postgres: Postgres;
	redis: Redis;
	encryptionKey: string;
	/** Set: load the nodes through N8N_CUSTOM_EXTENSIONS (else from the package installed in the user folder). */
	customExtensions?: string;
	workerConcurrency: number;
}

/** Lines every queued execution adds to the logs of main, webhook processes and workers. */
const QUEUE_BOOKKEEPING =
	/^(Enqueued execution \d+|Execution \d+ \(job \d+\) (finished|failed)|Worker (started|finished) execution \d+)/;

const READY: Record<Role, RegExp> = {
	main: /Editor is now accessible via/,
	worker: /n8n worker is now ready/,
	webhook: /Webhook listener waiting for requests/,
};

export interface N8nProcess {
	name: string;
	role: Role;
	/** Listening port (main and webhook processes; workers open none). */
	port?: number;
	service: Service;
	/** Milliseconds from spawn to its ready line. */
	readyMs: number;
	baseUrl?: string;
}

export class QueueCluster {
	readonly options: ClusterOptions;
	readonly cliLogFile: string;
	readonly processes = new Map<string, N8nProcess>();
	cliCalls = 0;
	cliMs = 0;
	/** WEBHOOK_URL of every process: the first webhook process stands in for the load balancer. */
	private webhookBase?: string;
	private reservedPorts = new Map<string, number>();

	constructor(options: ClusterOptions) {
		this.options = options;
		fs.mkdirSync(options.logDir, { recursive: true });
		this.cliLogFile = path.join(options.logDir, 'n8n-cli.log');
	}

	/** Picks the listening ports up front, so WEBHOOK_URL is known to every process and the CLI. */
	async reservePorts(names: string[]): Promise<void> {
		for (const name of names) this.reservedPorts.set(name, await freePort());
		const first = names.find((n) => n.startsWith('webhook'));
		if (first) this.webhookBase = `http://127.0.0.1:${this.reservedPorts.get(first)}/`;
	}

	/** The environment every n8n process and CLI command of the cluster shares. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const o = this.options;
		return childEnv(
			{
				N8N_USER_FOLDER: o.userFolder,
				N8N_ENCRYPTION_KEY: o.encryptionKey,
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(o.postgres.port),
				DB_POSTGRESDB_DATABASE: o.postgres.database,
				DB_POSTGRESDB_USER: o.postgres.user,
				DB_POSTGRESDB_PASSWORD: '',
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(o.redis.port),
				N8N_HOST: '127.0.0.1',
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				WEBHOOK_URL: this.webhookBase,
				GENERIC_TIMEZONE: 'UTC',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_RUNNERS_ENABLED: 'false',
				N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_HIRING_BANNER_ENABLED: 'false',
				N8N_CUSTOM_EXTENSIONS: o.customExtensions,
				PATH: pathWithNode(n8nServer().node),
				...extra,
			},
			// A developer's own n8n settings must not leak into the suite's n8n.
			['N8N_', 'DB_', 'EXECUTIONS_', 'QUEUE_', 'WEBHOOK_URL', 'GENERIC_TIMEZONE'],
		);
	}

	/** One n8n CLI command against the shared database (n8n boots, runs it, exits: about 4-7 s). */
	async cli(args: string[], timeoutMs = 180_000): Promise<RunResult> {
		const { node, bin } = n8nServer();
		const result = await run(node, [bin, ...args], {
			env: this.env(),
			timeoutMs,
			logFile: this.cliLogFile,
		});
		this.cliCalls++;
		this.cliMs += result.ms;
		if (result.code !== 0) throw cliFailure(args, result);
		return result;
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		await importThroughCli('credentials', credentials, this.options.logDir, (args) =>
			this.cli(args),
		);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await importThroughCli('workflow', workflows, this.options.logDir, (args) => this.cli(args));
	}

	/** Publishes every imported workflow; main activates them (registers their webhooks) when it starts. */
	async activateAll(): Promise<void> {
		const result = await this.cli(['update:workflow', '--all', '--active=true']);
		if (!/Activating all workflows|Activating workflow/i.test(`${result.stdout}\n${result.stderr}`))
			throw new Error('n8n update:workflow --all --active=true did not confirm the activation');
	}

	/** Starts one process and waits for its ready line. */
	async start(name: string, role: Role, timeoutMs = 180_000): Promise<N8nProcess> {
		if (this.processes.get(name)?.service.isRunning())
			throw new Error(`${name} is already running`);
		const { node, bin } = n8nServer();
		const extra: Record<string, string> = {};
		let port: number | undefined;
		if (role !== 'worker') {
			port = this.reservedPorts.get(name) ?? (await freePort());
			extra.N8N_PORT = String(port);
		}
		const args =
			role === 'main'
				? [bin, 'start']
				: role === 'worker'
					? [bin, 'worker', `--concurrency=${this.options.workerConcurrency}`]
					: [bin, 'webhook'];
		const started = Date.now();
		const service = startService(node, args, {
			env: this.env(extra),
			logFile: path.join(this.options.logDir, `${name}.log`),
		});
		const proc: N8nProcess = {
			name,
			role,
			port,
			service,
			readyMs: 0,
			baseUrl: port === undefined ? undefined : `http://127.0.0.1:${port}`,
		};
		this.processes.set(name, proc);
		await service.waitForLine(READY[role], timeoutMs);
		proc.readyMs = Date.now() - started;
		return proc;
	}

	get(name: string): N8nProcess {
		const proc = this.processes.get(name);
		if (!proc) throw new Error(`no n8n process ${name}`);
		return proc;
	}

	url(name: string, webhookPath: string): string {
		const base = this.get(name).baseUrl;
		if (!base) throw new Error(`${name} does not listen`);
		return `${base}/webhook/${webhookPath}`;
	}

	async stop(name: string): Promise<void> {
		await this.processes.get(name)?.service.stop(20_000);
	}

	/** Stops webhook processes first, then workers (they finish their jobs), main last. */
	async stopAll(): Promise<void> {
		const order: Role[] = ['webhook', 'worker', 'main'];
		for (const role of order) {
			await Promise.all(
				[...this.processes.values()]
					.filter((p) => p.role === role)
					.map((p) => p.service.stop(20_000)),
			);
		}
	}

	logOf(name: string): string {
		try {
			return fs.readFileSync(this.get(name).service.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	/** The last lines of a process's log, without the one-line-per-execution bookkeeping of queue mode. */
	logTail(name: string, lines = 40): string {
		return this.logOf(name)
			.split('\n')
			.filter((line) => !QUEUE_BOOKKEEPING.test(line))
			.slice(-lines)
			.join('\n');
	}

	/** Which worker ran each execution id, from the workers' "Worker started execution N (job M)" lines. */
	executionWorkers(): Map<number, string> {
		const byExecution = new Map<number, string>();
		for (const proc of this.processes.values()) {
			if (proc.role !== 'worker') continue;
			for (const match of this.logOf(proc.name).matchAll(/Worker started execution (\d+) \(job/g))
				byExecution.set(Number(match[1]), proc.name);
		}
		return byExecution;
	}
}

// -------------------------------------------------------------------------------------------------------------
// what a process listens on, from /proc (no external tool)

function socketInodes(pid: number): Set<string> {
	const inodes = new Set<string>();
	let fds: string[] = [];
	try {
		fds = fs.readdirSync(`/proc/${pid}/fd`);
	} catch {
		return inodes;
	}
	for (const fd of fds) {
		try {
			const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (match) inodes.add(match[1]);
		} catch {
			// closed meanwhile
		}
	}
	return inodes;
}

function hexAddress(hex: string): string {
	if (hex.length === 8) {
		const bytes = hex.match(/../g) ?? [];
		return bytes
			.reverse()
			.map((b) => parseInt(b, 16))
			.join('.');
	}
	if (hex === '00000000000000000000000000000000') return '::';
	if (hex === '00000000000000000000000001000000') return '::1';
	return `ipv6:${hex}`;
}

/** The TCP addresses (address:port) the process and its children listen on. */
export function listeningAddresses(pid: number): string[] {
	const pids = [pid];
	try {
		for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
			const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
			if (children) pids.push(...children.split(/\s+/).map(Number));
		}
	} catch {
		// no children information
	}
	const inodes = new Set<string>();
	for (const p of pids) for (const inode of socketInodes(p)) inodes.add(inode);
	const found: string[] = [];
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text = '';
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
			if (!inodes.has(cols[9])) continue;
			const [addr, port] = cols[1].split(':');
			found.push(`${hexAddress(addr)}:${parseInt(port, 16)}`);
		}
	}
	return found.sort();
}
