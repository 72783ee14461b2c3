/**
 * What the AIRudder Trigger costs in a real n8n, side by side with n8n's own Webhook node. Prints figures; asserts
 * nothing.
 *
 *   npm run bench:trigger [-- --rounds 20 --per-round 150 --concurrency 10 --fill 10000 --mixed 2500 --custom --keep]
 *   npm run bench:trigger -- --rss 100000      n8n's RSS after that many distinct events (takes a while;
 *                                              --rss-reference then sends as many to the Webhook node too)
 *   npm run bench:trigger -- --memory-model    bytes per key of the in-memory record (no n8n; seconds)
 *
 * One pinned n8n (1.123.x, SQLite, defaults) with the packed package installed like a community package runs four
 * published workflows, each trigger -> NoOp: the AIRudder Trigger at defaults, the AIRudder Trigger after 10,000
 * real events (filled before the rounds), the AIRudder Trigger with deduplication off, and n8n's Webhook node
 * (POST, respond immediately). Every request is a 3 KB API node push with its own key, sent at a fixed
 * concurrency. The targets take turns in interleaved rounds (the order rotates every round), so all of them see
 * the same load from the rest of the machine. Per target and round: answer latencies, answers/s, and the CPU the
 * n8n process used (utime + stime from /proc/<pid>/stat, from the first request until n8n is idle again, minus
 * its idle rate) per event. Then the same events again as repeats (AIRudder's retries) for the two deduplicating
 * triggers. Then a mixed phase for the answer latency: new events for all four targets, shuffled into one stream
 * at the same concurrency, so every target meets the same garbage collections and database stalls (a round's
 * p99 is its 2nd slowest answer, and one stall can land on one target's round). At the end, the size of the
 * workflow copy n8n stored with each execution (execution_data.workflowData).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

import { ensureN8nInstalled, n8nNodeVersion, pinnedN8nVersion } from '../e2e/lib/install';
import { N8n } from '../e2e/lib/n8nProcess';
import { n8nServer, PACKAGE_TYPE_PREFIX } from '../e2e/lib/paths';
import { freePort } from '../e2e/lib/ports';
import { preparePackage, type LoadMode } from '../e2e/lib/prepare';
import {
	childEnv,
	exitOnSignals,
	onCleanup,
	run,
	runCleanups,
	startService,
	type Service,
} from '../e2e/lib/proc';
import { triggerWorkflow, type WorkflowJson } from '../e2e/lib/workflows';
import { DedupeMemory } from '../nodes/Airudder/trigger/dedupe';
import { eventKey } from '../nodes/Airudder/trigger/eventKey';

// ---------------------------------------------------------------------------------------------------------------
// options

const argv = process.argv.slice(2);
function numberArg(name: string, fallback: number): number {
	const at = argv.indexOf(`--${name}`);
	if (at < 0) return fallback;
	const value = Number(argv[at + 1]);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
	return value;
}
const ROUNDS = numberArg('rounds', 20);
const PER_ROUND = numberArg('per-round', 150);
const CONCURRENCY = numberArg('concurrency', 10);
const FILL = numberArg('fill', 10_000);
const WARMUP = numberArg('warmup', 200);
const MIXED = numberArg('mixed', 2_500);
const RSS_EVENTS = numberArg('rss', 0);
// n8n 1.123's default (0) is SQLite's rollback journal on one connection; above 0, WAL with that many readers.
const SQLITE_POOL = numberArg('sqlite-pool', 0);
const MODE: LoadMode = argv.includes('--custom') ? 'custom' : 'community';
const KEEP = argv.includes('--keep');
const RSS_REFERENCE = argv.includes('--rss-reference');

const started = Date.now();
function log(message: string): void {
	console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(5)}s] ${message}`);
}

// ---------------------------------------------------------------------------------------------------------------
// the request body: AIRudder's API node push example (3 KB), each event with its own call_id

const EXAMPLE = JSON.parse(
	fs.readFileSync(
		path.join(
			__dirname,
			'simulator',
			'examples',
			'workflow-custom-api-node-data-push.webhook.json',
		),
		'utf8',
	),
) as { call: { call_id: string } };

let eventCounter = 0;
function newBody(tag: string): string {
	const body = structuredClone(EXAMPLE);
	body.call.call_id = `bench-${tag}-${++eventCounter}-${randomUUID()}`;
	return JSON.stringify(body);
}

// ---------------------------------------------------------------------------------------------------------------
// the n8n process: CPU and memory from /proc

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuMs(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// Fields 14 (utime) and 15 (stime) of proc(5); the slice starts at field 3.
	return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the n8n process uses less than 10% of a core over half a second (its executions are done). */
async function waitIdle(pid: number, maxMs = 60_000): Promise<void> {
	const until = Date.now() + maxMs;
	for (;;) {
		const before = cpuMs(pid);
		await sleep(500);
		if (cpuMs(pid) - before <= 50 || Date.now() > until) return;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// sending

interface Sent {
	latencies: number[];
	wallMs: number;
	failures: string[];
}

async function send(
	url: string | ((index: number) => string),
	bodies: string[],
	concurrency = CONCURRENCY,
): Promise<Sent> {
	const latencies: number[] = [];
	const failures: string[] = [];
	let next = 0;
	const begin = performance.now();
	const worker = async () => {
		while (next < bodies.length) {
			const index = next++;
			const body = bodies[index];
			const t = performance.now();
			try {
				const response = await fetch(typeof url === 'string' ? url : url(index), {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'User-Agent': 'Airudder' },
					body,
				});
				await response.arrayBuffer();
				if (response.status !== 200) failures.push(`HTTP ${response.status}`);
			} catch (error) {
				const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
				failures.push(
					`${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
				);
			}
			latencies[index] = performance.now() - t;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { latencies, wallMs: performance.now() - begin, failures };
}

// ---------------------------------------------------------------------------------------------------------------
// figures

function quantile(values: number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
const median = (values: number[]) => quantile(values, 0.5);

interface Measurement {
	target: string;
	kind: 'accepted' | 'repeat';
	round: number;
	events: number;
	latencies: number[];
	answersPerSecond: number;
	cpuPerEventMs: number;
	failures: string[];
}

async function measure(
	pid: number,
	idleMsPerSecond: number,
	target: Target,
	kind: Measurement['kind'],
	round: number,
	bodies: string[],
): Promise<Measurement> {
	await waitIdle(pid);
	const cpuBefore = cpuMs(pid);
	const t0 = performance.now();
	const sent = await send(target.url, bodies);
	await waitIdle(pid);
	const elapsedS = (performance.now() - t0) / 1000;
	const cpu = cpuMs(pid) - cpuBefore - idleMsPerSecond * elapsedS;
	return {
		target: target.name,
		kind,
		round,
		events: bodies.length,
		latencies: sent.latencies,
		answersPerSecond: bodies.length / (sent.wallMs / 1000),
		cpuPerEventMs: Math.max(0, cpu) / bodies.length,
		failures: sent.failures,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// n8n's database (read with n8n's own Node and sqlite3, as e2e/lib/db.ts does)

const SQL_READER = `
const [dbFile, modules, sql] = process.argv.slice(1);
const sqlite3 = require(modules + '/sqlite3');
const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (openError) => {
	if (openError) { process.stderr.write(openError.message); process.exit(3); }
	db.all(sql, [], (error, rows) => {
		db.close();
		if (error) { process.stderr.write(error.message); process.exit(3); }
		process.stdout.write(JSON.stringify(rows));
	});
});
`;

async function sql<T>(dbFile: string, query: string): Promise<T[]> {
	const server = n8nServer();
	for (let attempt = 1; ; attempt++) {
		const result = await run(server.node, ['-e', SQL_READER, dbFile, server.nodeModules, query], {
			env: childEnv(),
			timeoutMs: 120_000,
		});
		if (result.code === 0) return JSON.parse(result.stdout) as T[];
		if (attempt >= 10 || !/SQLITE_BUSY|SQLITE_LOCKED/.test(result.stderr))
			throw new Error(`sqlite: ${result.stderr.trim() || `exit ${result.code}`}`);
		await sleep(300 * attempt);
	}
}

/** Like N8n.waitForWebhook, for the n8n started here: 404 until n8n has registered the webhook. */
async function waitForWebhook(service: Service, url: string, timeoutMs = 60_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'text/plain' },
			body: '',
		}).catch(() => undefined);
		await response?.arrayBuffer();
		if (response !== undefined && response.status !== 404) return;
		if (!service.isRunning()) throw new Error('n8n exited while waiting for its webhooks');
		if (Date.now() > until) throw new Error(`${url} not registered after ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

// ---------------------------------------------------------------------------------------------------------------
// workflows

interface Target {
	name: string;
	workflowId: string;
	url: string;
}

function webhookWorkflow(id: string, name: string, webhookId: string): WorkflowJson {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId,
				parameters: {
					httpMethod: 'POST',
					path: webhookId,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
}

function airudderWorkflow(
	id: string,
	name: string,
	typePrefix: string,
	parameters: Record<string, unknown>,
) {
	const workflow = triggerWorkflow(id, name, randomUUID(), parameters);
	for (const node of workflow.nodes) {
		if (node.type.startsWith(PACKAGE_TYPE_PREFIX))
			node.type = typePrefix + node.type.slice(PACKAGE_TYPE_PREFIX.length);
	}
	return workflow;
}

// ---------------------------------------------------------------------------------------------------------------
// the in-memory record alone: bytes per key (no n8n)

function memoryModel(): void {
	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc') as () => void;
	const heap = () => {
		gc();
		gc();
		return process.memoryUsage().heapUsed;
	};
	for (const count of [100_000, 500_000]) {
		const before = heap();
		const memory = new DedupeMemory();
		const t0 = Date.UTC(2025, 3, 15);
		for (let i = 0; i < count; i++) {
			const body = { workflow_id: 'w', node_id: 'n', call: { call_id: `c${i}` } };
			const { key } = eventKey('workflow.apiNodePush', body);
			memory.claim({ scopeId: 'wf/node', key, nowMs: t0 + i * 5, windowMinutes: 60 });
		}
		const after = heap();
		console.log(
			`in-memory record, ${count.toLocaleString('en')} keys: ${((after - before) / 1024 / 1024).toFixed(1)} MB heap, ${Math.round((after - before) / count)} bytes per key (the key strings themselves included; size ${memory.size})`,
		);
	}
}

// ---------------------------------------------------------------------------------------------------------------

function fmt(value: number, digits = 0): string {
	return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function ratioRange(values: number[]): string {
	const finite = values.filter(Number.isFinite);
	if (finite.length === 0) return '-';
	const min = Math.min(...finite);
	const max = Math.max(...finite);
	return `${median(finite).toFixed(2)}× (${min.toFixed(2)}–${max.toFixed(2)})`;
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n');
}

async function main(): Promise<void> {
	if (argv.includes('--memory-model')) {
		memoryModel();
		return;
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airudder-bench-'));
	exitOnSignals({ onSignal: () => log(`stopping; temp folder left at ${work}`) });
	const userFolder = path.join(work, 'n8n-user');
	const logDir = path.join(work, 'logs');
	fs.mkdirSync(logDir, { recursive: true });

	const install = await ensureN8nInstalled(log, path.join(logDir, 'npm-ci.log'));
	log(`n8n ${pinnedN8nVersion()} (${install.how}); building and installing the package (${MODE})`);
	const prepared = await preparePackage({
		mode: MODE,
		userFolder,
		workDir: path.join(work, 'pack'),
		logFile: path.join(logDir, 'build.log'),
	});

	const ids = {
		defaults: 'benchAirDefault1',
		tenK: 'benchAir10k00001',
		off: 'benchAirDedupOff',
		webhook: 'benchWebhook0001',
		rss: 'benchAirRss00001',
	};
	const webhookId = randomUUID();
	const workflows = [
		airudderWorkflow(ids.defaults, 'AIRudder Trigger (defaults)', prepared.typePrefix, {}),
		airudderWorkflow(ids.tenK, 'AIRudder Trigger (10,000 events)', prepared.typePrefix, {}),
		airudderWorkflow(ids.off, 'AIRudder Trigger (dedupe off)', prepared.typePrefix, {
			options: { dedupeWindowMinutes: 0 },
		}),
		webhookWorkflow(ids.webhook, 'Webhook node', webhookId),
		airudderWorkflow(ids.rss, 'AIRudder Trigger (RSS)', prepared.typePrefix, {}),
	];
	const n8n = new N8n({
		userFolder,
		port: await freePort(),
		logDir,
		customExtensions: prepared.customExtensions,
		env: {
			GENERIC_TIMEZONE: 'UTC',
			...(SQLITE_POOL > 0 ? { DB_SQLITE_POOL_SIZE: String(SQLITE_POOL) } : {}),
		},
	});
	await n8n.importWorkflows(workflows);
	for (const wf of workflows) await n8n.activate(wf.id);

	// Started here rather than with n8n.start(), to know the process to measure.
	const server = n8nServer();
	const service: Service = startService(server.node, [server.bin, 'start'], {
		env: n8n.env(),
		logFile: n8n.logFile,
	});
	onCleanup(() => service.stop(15_000));
	await service.waitForLine(/Editor is now accessible via/, 180_000);
	const pid = service.pid;

	const sentEvents: Record<string, number> = {};
	const count = (target: Target, n: number) =>
		(sentEvents[target.workflowId] = (sentEvents[target.workflowId] ?? 0) + n);

	const airudderUrl = (wf: WorkflowJson) =>
		n8n.webhookUrl(wf.nodes[0].webhookId as string, 'airudder');
	const targets: Record<keyof typeof ids, Target> = {
		defaults: {
			name: 'AIRudder Trigger, defaults',
			workflowId: ids.defaults,
			url: airudderUrl(workflows[0]),
		},
		tenK: {
			name: 'AIRudder Trigger, after 10,000 events',
			workflowId: ids.tenK,
			url: airudderUrl(workflows[1]),
		},
		off: {
			name: 'AIRudder Trigger, dedupe off',
			workflowId: ids.off,
			url: airudderUrl(workflows[2]),
		},
		webhook: {
			name: "n8n's Webhook node",
			workflowId: ids.webhook,
			url: `${n8n.baseUrl}/webhook/${webhookId}`,
		},
		rss: { name: 'AIRudder Trigger (RSS)', workflowId: ids.rss, url: airudderUrl(workflows[4]) },
	};
	for (const target of Object.values(targets)) await waitForWebhook(service, target.url);
	// The probe (an empty text/plain POST) starts the Webhook node's workflow once; the AIRudder Trigger refuses it.
	count(targets.webhook, 1);
	const bodySize = newBody('size').length;
	log(
		`n8n pid ${pid} on Node ${await n8nNodeVersion()}; RSS ${fmt(rssMb(pid))} MB; body ${bodySize} bytes; load average ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`,
	);

	if (RSS_EVENTS > 0) {
		await rssRun(pid, [targets.webhook, targets.rss], RSS_EVENTS, count);
	} else {
		await costRun(pid, targets, count);
	}

	// Stored bytes: the workflow copy n8n keeps with each execution, and the executions per workflow.
	await waitIdle(pid);
	const stored = await sql<{ wf: string; n: number; avg: number; max: number; last: number }>(
		n8n.dbFile,
		`SELECT e.workflowId AS wf, COUNT(*) AS n, AVG(length(CAST(d.workflowData AS BLOB))) AS avg,
			MAX(length(CAST(d.workflowData AS BLOB))) AS max,
			(SELECT length(CAST(d2.workflowData AS BLOB)) FROM execution_data d2 JOIN execution_entity e2 ON e2.id = d2.executionId
				WHERE e2.workflowId = e.workflowId ORDER BY e2.id DESC LIMIT 1) AS last
		FROM execution_entity e JOIN execution_data d ON d.executionId = e.id GROUP BY e.workflowId`,
	);
	const staticData = await sql<{ id: string; bytes: number | null }>(
		n8n.dbFile,
		'SELECT id, length(CAST(staticData AS BLOB)) AS bytes FROM workflow_entity',
	);
	const webhookStored = stored.find((s) => s.wf === ids.webhook);
	const rows = [
		[
			'workflow',
			'events sent',
			'executions',
			'workflow copy per execution (avg / max / last)',
			'vs Webhook node (max)',
			'static data',
		],
	];
	for (const target of Object.values(targets)) {
		const s = stored.find((x) => x.wf === target.workflowId);
		if (!s && !sentEvents[target.workflowId]) continue;
		rows.push([
			target.name,
			String(sentEvents[target.workflowId] ?? 0),
			String(s?.n ?? 0),
			s ? `${fmt(s.avg)} / ${s.max} / ${s.last} bytes` : '-',
			s && webhookStored
				? `${s.max - webhookStored.max >= 0 ? '+' : ''}${s.max - webhookStored.max} bytes`
				: '-',
			`${staticData.find((x) => x.id === target.workflowId)?.bytes ?? 0} bytes`,
		]);
	}
	console.log(`\nStored per execution (execution_data.workflowData in SQLite):\n${table(rows)}`);
	console.log(
		`database file: ${fmt(fs.statSync(n8n.dbFile).size / 1024 / 1024, 1)} MiB; n8n RSS now ${fmt(rssMb(pid))} MB; load average ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`,
	);

	await runCleanups();
	if (KEEP) console.log(`kept: ${work}`);
	else fs.rmSync(work, { recursive: true, force: true });
}

async function costRun(
	pid: number,
	targets: Record<string, Target>,
	count: (target: Target, n: number) => void,
): Promise<void> {
	const order = [targets.defaults, targets.tenK, targets.off, targets.webhook];
	// Warm-up: every path compiled and cached before anything is measured.
	for (const target of order) {
		const bodies = Array.from({ length: WARMUP }, () => newBody('warmup'));
		await send(target.url, bodies);
		count(target, WARMUP);
	}
	if (FILL > 0) {
		log(`filling "${targets.tenK.name}" with ${FILL.toLocaleString('en')} distinct events...`);
		const fillStarted = Date.now();
		const sent = await send(
			targets.tenK.url,
			Array.from({ length: FILL }, () => newBody('fill')),
		);
		count(targets.tenK, FILL);
		log(
			`filled in ${fmt((Date.now() - fillStarted) / 1000)} s (${sent.failures.length} failures); RSS ${fmt(rssMb(pid))} MB`,
		);
	}
	await waitIdle(pid);
	const idleStart = cpuMs(pid);
	await sleep(5_000);
	const idleMsPerSecond = (cpuMs(pid) - idleStart) / 5;
	log(`n8n idle CPU: ${fmt(idleMsPerSecond, 1)} ms/s (subtracted from each measurement)`);

	const results: Measurement[] = [];
	for (let round = 1; round <= ROUNDS; round++) {
		const shift = (round - 1) % order.length;
		const rotated = [...order.slice(shift), ...order.slice(0, shift)];
		const accepted = new Map<Target, string[]>();
		for (const target of rotated) {
			const bodies = Array.from({ length: PER_ROUND }, () => newBody(`r${round}`));
			accepted.set(target, bodies);
			results.push(await measure(pid, idleMsPerSecond, target, 'accepted', round, bodies));
			count(target, PER_ROUND);
		}
		// AIRudder's retries: the same events again.
		const repeaters =
			round % 2 === 0 ? [targets.tenK, targets.defaults] : [targets.defaults, targets.tenK];
		for (const target of repeaters) {
			results.push(
				await measure(pid, idleMsPerSecond, target, 'repeat', round, accepted.get(target) ?? []),
			);
		}
		const line = results
			.filter((m) => m.round === round)
			.map(
				(m) =>
					`${m.target}${m.kind === 'repeat' ? ' (repeat)' : ''} ${fmt(m.cpuPerEventMs, 2)} ms CPU, ${fmt(m.answersPerSecond)}/s`,
			)
			.join('; ');
		log(`round ${round}/${ROUNDS}: ${line}; load ${os.loadavg()[0].toFixed(2)}`);
	}

	const failures = results.flatMap((m) => m.failures);
	if (failures.length > 0)
		log(`WARNING: ${failures.length} failed requests: ${[...new Set(failures)].join(', ')}`);

	const of = (target: Target, kind: Measurement['kind'] = 'accepted') =>
		results.filter((m) => m.target === target.name && m.kind === kind);
	const reference = of(targets.webhook);
	const referenceLatencies = reference.flatMap((m) => m.latencies);
	const perRoundRatio = (
		target: Target,
		pick: (m: Measurement) => number,
		kind: Measurement['kind'] = 'accepted',
	) =>
		of(target, kind).map(
			(m) => pick(m) / pick(reference.find((r) => r.round === m.round) as Measurement),
		);

	const rows = [
		[
			'trigger',
			'p50',
			'p99',
			'p99 vs Webhook (all rounds)',
			'p99 vs Webhook (per round: median, range)',
			'answers/s',
			'answers/s vs Webhook (median, range)',
			'n8n CPU per event',
			'CPU vs Webhook (median, range)',
			'CPU vs Webhook (all rounds)',
		],
	];
	const totalCpuPerEvent = (ms: Measurement[]) =>
		ms.reduce((sum, m) => sum + m.cpuPerEventMs * m.events, 0) /
		ms.reduce((sum, m) => sum + m.events, 0);
	const describe = (target: Target, kind: Measurement['kind'], label: string) => {
		const ms = of(target, kind);
		const latencies = ms.flatMap((m) => m.latencies);
		rows.push([
			label,
			`${fmt(quantile(latencies, 0.5), 1)} ms`,
			`${fmt(quantile(latencies, 0.99), 1)} ms`,
			`${fmt(quantile(latencies, 0.99) / quantile(referenceLatencies, 0.99), 2)}×`,
			ratioRange(perRoundRatio(target, (m) => quantile(m.latencies, 0.99), kind)),
			fmt(median(ms.map((m) => m.answersPerSecond)), 1),
			ratioRange(perRoundRatio(target, (m) => m.answersPerSecond, kind)),
			`${fmt(median(ms.map((m) => m.cpuPerEventMs)), 2)} ms`,
			ratioRange(perRoundRatio(target, (m) => m.cpuPerEventMs, kind)),
			`${fmt(totalCpuPerEvent(ms) / totalCpuPerEvent(reference), 2)}×`,
		]);
	};
	describe(targets.webhook, 'accepted', "n8n's Webhook node (reference)");
	describe(targets.off, 'accepted', 'AIRudder Trigger, deduplication off');
	describe(targets.defaults, 'accepted', 'AIRudder Trigger, defaults');
	describe(targets.tenK, 'accepted', 'AIRudder Trigger, after 10,000 events');
	describe(targets.defaults, 'repeat', 'repeat, defaults');
	describe(targets.tenK, 'repeat', 'repeat, after 10,000 events');
	console.log(
		`\nn8n ${pinnedN8nVersion()}${SQLITE_POOL > 0 ? ` (DB_SQLITE_POOL_SIZE=${SQLITE_POOL}, WAL)` : ''}, ${ROUNDS} interleaved rounds × ${PER_ROUND} events per trigger, concurrency ${CONCURRENCY}, ${os.cpus().length} cores:\n${table(rows)}`,
	);
	const repeatVsAccepted = (target: Target) => {
		const ratios = of(target, 'repeat').map(
			(m) =>
				m.cpuPerEventMs /
				(of(target).find((a) => a.round === m.round) as Measurement).cpuPerEventMs,
		);
		return ratioRange(ratios);
	};
	console.log(
		`repeat CPU vs accepted event (same trigger, same round): defaults ${repeatVsAccepted(targets.defaults)}; after 10,000 events ${repeatVsAccepted(targets.tenK)}`,
	);
	if (MIXED > 0) await mixedRun(pid, order, targets.webhook, count);
}

/** New events for all targets, shuffled into one stream: the answer latency of each under the same conditions. */
async function mixedRun(
	pid: number,
	order: Target[],
	reference: Target,
	count: (target: Target, n: number) => void,
): Promise<void> {
	const requests: Array<{ target: Target; body: string }> = [];
	for (const target of order) {
		for (let i = 0; i < MIXED; i++) requests.push({ target, body: newBody('mixed') });
		count(target, MIXED);
	}
	// Fisher-Yates with a fixed seed, so reruns send the same interleaving.
	let seed = 0x2f6b1d;
	const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
	for (let i = requests.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[requests[i], requests[j]] = [requests[j], requests[i]];
	}
	await waitIdle(pid);
	log(
		`mixed phase: ${requests.length.toLocaleString('en')} new events, ${MIXED} per target, shuffled`,
	);
	const sent = await send(
		(index) => requests[index].target.url,
		requests.map((r) => r.body),
	);
	await waitIdle(pid);
	if (sent.failures.length > 0)
		log(
			`WARNING: ${sent.failures.length} failed requests: ${[...new Set(sent.failures)].join(', ')}`,
		);
	const latenciesOf = (target: Target) =>
		sent.latencies.filter((_, index) => requests[index].target === target);
	const referenceLatencies = latenciesOf(reference);
	const rows = [['trigger', 'p50', 'p50 vs Webhook', 'p90', 'p99', 'p99 vs Webhook', 'max']];
	for (const target of [...order].reverse()) {
		const latencies = latenciesOf(target);
		const cell = (q: number) => `${fmt(quantile(latencies, q), 1)} ms`;
		rows.push([
			target.name,
			cell(0.5),
			`${fmt(quantile(latencies, 0.5) / quantile(referenceLatencies, 0.5), 2)}×`,
			cell(0.9),
			cell(0.99),
			`${fmt(quantile(latencies, 0.99) / quantile(referenceLatencies, 0.99), 2)}×`,
			cell(1),
		]);
	}
	console.log(
		`\nMixed phase: ${MIXED} new events per target in one shuffled stream, concurrency ${CONCURRENCY} (${fmt(requests.length / (sent.wallMs / 1000), 1)} answers/s in all):\n${table(rows)}`,
	);
}

async function rssRun(
	pid: number,
	[reference, trigger]: Target[],
	events: number,
	count: (target: Target, n: number) => void,
): Promise<void> {
	const chunk = 10_000;
	const phase = async (target: Target) => {
		for (let done = 0; done < events; done += chunk) {
			const n = Math.min(chunk, events - done);
			const sent = await send(
				target.url,
				Array.from({ length: n }, () => newBody('rss')),
			);
			count(target, n);
			await waitIdle(pid);
			log(
				`${target.name}: ${(done + n).toLocaleString('en')} events (${sent.failures.length} failed${sent.failures.length > 0 ? `: ${[...new Set(sent.failures)].join(', ')}` : ''}), n8n RSS ${fmt(rssMb(pid))} MB`,
			);
		}
	};
	await waitIdle(pid);
	const rss0 = rssMb(pid);
	log(`n8n RSS before: ${fmt(rss0)} MB`);
	// The trigger first: whatever n8n itself grows by while it warms up is counted against the trigger.
	await phase(trigger);
	const rss1 = rssMb(pid);
	console.log(
		`\nn8n RSS: ${fmt(rss0)} MB at start; ${fmt(rss1)} MB after ${events.toLocaleString('en')} distinct events to ${trigger.name} (+${fmt(rss1 - rss0)}; peak ${fmt(rssMb(pid, 'VmHWM'))} MB)`,
	);
	if (!RSS_REFERENCE) return;
	await phase(reference);
	const rss2 = rssMb(pid);
	console.log(
		`n8n RSS: ${fmt(rss2)} MB after ${events.toLocaleString('en')} more to ${reference.name} (+${fmt(rss2 - rss1)})`,
	);
}

main().catch(async (error: unknown) => {
	console.error(error);
	await runCleanups();
	process.exit(1);
});
