/**
 * The queue-mode suite (`npm run test:e2e -- --queue`): the pinned n8n 1.123.50 in queue mode with real PostgreSQL
 * and Redis on 127.0.0.1, all started and stopped by the suite: one main (`n8n start`), two workers
 * (`n8n worker --concurrency=5`) and two webhook processes (`n8n webhook`), against the AIRudder simulator.
 *
 * 1. The action node in a worker: S1 and S2 of the single-process suite, started by a production Webhook trigger.
 * 2. Two task creations at the same moment on the two workers with an empty stored token.
 * 3. The AIRudder Trigger across the webhook processes: alternating retries (exactly one execution per event),
 *    simultaneous first deliveries on both processes (duplicates measured) and on one process (sticky routing:
 *    exactly one), and a burst of new events followed by alternating retries (duplicates measured).
 * 4. Throughput with 1 and 2 webhook processes, 1 and 2 workers.
 *
 * Everything lives in a temp folder (kept when a check fails or with --keep). Exit code 0 only when every check
 * passed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSimulator, type Simulator } from '../../tools/simulator/server';
import { Checks } from '../lib/checks';
import { checkWorkflowParameters, packageDescriptions } from '../lib/describe';
import { probeWebhook } from '../lib/n8nCli';
import { ensureN8nInstalled, n8nNodeVersion, pinnedN8nVersion } from '../lib/install';
import { selectN8nServer } from '../lib/paths';
import { preparePackage, type LoadMode } from '../lib/prepare';
import { exitOnSignals, onCleanup, runCleanups } from '../lib/proc';
import { simulatorCredential } from '../lib/workflows';
import { tokenExpiryHook, type ScenarioContext } from '../scenarios/context';
import { scenarioCreate2500 } from '../scenarios/create-task';
import { CREDENTIAL } from '../scenarios/suite-workflows';
import { scenarioTokenRejected } from '../scenarios/token-rejected';
import {
	AUTH_DELAY_MS,
	QueueRunner,
	scenarioConcurrentTokens,
	type ConcurrencyReport,
} from './action';
import { QueueCluster, listeningAddresses, type N8nProcess } from './cluster';
import { N8nDatabase } from './pg';
import { startPostgres, startRedis, type Postgres, type Redis } from './services';
import { measureThroughput, type ThroughputRow } from './throughput';
import { scenarioAlternating, scenarioSimultaneous, type TriggerReport } from './trigger';
import {
	CONCURRENT_CONTACTS,
	THROUGHPUT_SETUPS,
	queueWorkflows,
	type WebhookStarted,
} from './queueWorkflows';

const WORKER_CONCURRENCY = 5;
const ALTERNATING_EVENTS = 1_000;
/** Events in flight at once: 1,000 events × 5 deliveries 1-3 s apart take about 3 minutes. */
const ALTERNATING_PARALLEL = 50;
const SIMULTANEOUS_EVENTS = 50;
/** New events whose first deliveries all arrive within 2 s (measured, not asserted). */
const BURST_EVENTS = 100;
const THROUGHPUT_CALLBACKS = 400;
const THROUGHPUT_SENDERS = 16;
/** Shared by every process: without the same key a worker cannot decrypt the credential main stored. */
const ENCRYPTION_KEY = 'airudder-queue-e2e-0123456789abcdef';
const WEBHOOKS: [string, string] = ['webhook1', 'webhook2'];
const WORKERS = ['worker1', 'worker2'];

export interface QueueSuiteOptions {
	mode: LoadMode;
	keep: boolean;
	verbose: boolean;
}

interface Outcome {
	postgres?: Postgres;
	redis?: Redis;
	cluster?: QueueCluster;
	processes: N8nProcess[];
	ranOn: Map<string, string>;
	concurrency?: ConcurrencyReport;
	alternating?: TriggerReport;
	simultaneous?: TriggerReport;
	sticky?: TriggerReport;
	burst?: TriggerReport;
	throughput: ThroughputRow[];
	startMs?: number;
	/** Resident memory of each n8n process (MB), after the trigger scenarios. */
	memory: Array<[string, number]>;
}

export async function runQueueSuite(options: QueueSuiteOptions): Promise<number> {
	selectN8nServer('default');
	const suiteStarted = Date.now();
	const log = (message: string) =>
		console.log(
			`[queue ${((Date.now() - suiteStarted) / 1000).toFixed(1).padStart(6)}s] ${message}`,
		);
	const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
	const checks = new Checks(options.verbose);
	const timings: Array<[string, number]> = [];
	const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			timings.push([label, Date.now() - started]);
		}
	};
	const step = async (label: string, fn: () => Promise<void>): Promise<void> => {
		const failedBefore = checks.failed.length;
		const checksBefore = checks.results.length;
		try {
			await timed(label, fn);
		} catch (error) {
			checks.in(label).error('scenario ran to the end', error);
		}
		const failedNow = checks.failed.length - failedBefore;
		log(
			`${failedNow ? `FAILED (${failedNow} checks)` : 'passed'}: ${label} (${checks.results.length - checksBefore} checks, ${seconds(timings[timings.length - 1]?.[1] ?? 0)})`,
		);
	};

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airudder-queue-'));
	exitOnSignals({
		onSignal: (signal) =>
			log(`${signal}: stopping every process the suite started; temp folder left at ${work}`),
	});
	log(
		`queue mode: PostgreSQL + Redis + n8n main, ${WORKERS.length} workers, ${WEBHOOKS.length} webhook processes; package ${options.mode === 'community' ? 'installed from npm pack into the shared user folder' : 'through N8N_CUSTOM_EXTENSIONS'}; temp folder ${work}`,
	);

	const outcome: Outcome = { processes: [], ranOn: new Map(), throughput: [], memory: [] };
	try {
		await runSuite();
	} catch (error) {
		checks.in('setup').error('setup', error);
	}
	const failed = checks.failed.length > 0 || checks.results.length === 0;
	if (failed && outcome.cluster) {
		for (const proc of outcome.cluster.processes.values())
			console.log(`\n---- ${proc.name} log (tail) ----\n${outcome.cluster.logTail(proc.name, 20)}`);
	}
	await timed('stop n8n, PostgreSQL and Redis', () => runCleanups());
	await printSummary();
	if (failed) {
		console.log('\nFAILED checks:');
		for (const f of checks.failed)
			console.log(`  [${f.scenario}] ${f.name}${f.detail ? `: ${f.detail}` : ''}`);
		console.log(`\nkept for inspection: ${work}`);
		return 1;
	}
	if (options.keep) console.log(`kept: ${work}`);
	else fs.rmSync(work, { recursive: true, force: true });
	return 0;

	async function runSuite(): Promise<void> {
		const logDir = path.join(work, 'logs');
		const userFolder = path.join(work, 'n8n-user');
		fs.mkdirSync(logDir, { recursive: true });
		const install = await timed('pinned n8n install', () =>
			ensureN8nInstalled(log, path.join(logDir, 'npm-ci.log')),
		);
		log(`pinned n8n ${pinnedN8nVersion()}: ${install.how} (${seconds(install.ms)})`);
		const prepared = await timed('build + pack + install the package', () =>
			preparePackage({
				mode: options.mode,
				userFolder,
				workDir: path.join(work, 'pack'),
				logFile: path.join(logDir, 'steps.log'),
			}),
		);
		log(`package ${prepared.version} built in ${seconds(prepared.buildMs)}`);
		// Read at once: another `npm run build` in the same tree would wipe dist/ again.
		const descriptions = packageDescriptions();

		let ctx: ScenarioContext | undefined;
		const sim: Simulator = await startSimulator({ onRequest: tokenExpiryHook(() => ctx) });
		onCleanup(() => sim.close());
		log(`simulator on ${sim.url}`);

		const [postgres, redis] = await timed('start PostgreSQL and Redis', () =>
			Promise.all([
				startPostgres({ dir: path.join(work, 'pg'), logDir, database: 'n8n' }),
				startRedis({ dir: path.join(work, 'redis'), logDir }),
			]),
		);
		onCleanup(() => redis.stop());
		onCleanup(() => postgres.stop());
		outcome.postgres = postgres;
		outcome.redis = redis;
		log(
			`${postgres.version} on 127.0.0.1:${postgres.port}; ${redis.version.split(' sha')[0]} on 127.0.0.1:${redis.port}`,
		);

		const cluster = new QueueCluster({
			userFolder,
			logDir,
			postgres,
			redis,
			encryptionKey: ENCRYPTION_KEY,
			customExtensions: prepared.customExtensions,
			workerConcurrency: WORKER_CONCURRENCY,
		});
		outcome.cluster = cluster;
		onCleanup(() => cluster.stopAll());
		await cluster.reservePorts(['main', ...WEBHOOKS]);

		const workflows = queueWorkflows(prepared.typePrefix, CREDENTIAL);
		checks
			.in('workflow JSON')
			.eq(
				'every parameter the AIRudder nodes set exists in the built node descriptions',
				checkWorkflowParameters(workflows.all, descriptions),
				[],
			);
		await timed('import credentials + workflows, publish them (n8n CLI)', async () => {
			await cluster.importCredentials(
				workflows.credentials.map((c) => simulatorCredential(c, sim.url, sim.credentials)),
			);
			await cluster.importWorkflows(workflows.all);
			await cluster.activateAll();
		});
		log(
			`imported ${workflows.credentials.length} credentials and ${workflows.all.length} workflows, published all (${cluster.cliCalls} CLI calls, ${seconds(cluster.cliMs)})`,
		);

		outcome.startMs = await timed('start main, workers and webhook processes', async () => {
			const started = Date.now();
			outcome.processes = await Promise.all([
				cluster.start('main', 'main'),
				...WORKERS.map((w) => cluster.start(w, 'worker')),
				...WEBHOOKS.map((w) => cluster.start(w, 'webhook')),
			]);
			return Date.now() - started;
		});
		log(
			`n8n processes ready in ${seconds(outcome.startMs)}: ${outcome.processes.map((p) => `${p.name} ${seconds(p.readyMs)}`).join(', ')}`,
		);
		const db = await N8nDatabase.connect({
			port: postgres.port,
			user: postgres.user,
			database: postgres.database,
		});
		onCleanup(() => db.close());

		await step(
			'Processes and services: loopback only, own process groups, webhooks registered',
			async () => {
				checks.in('Processes');
				for (const [name, service] of [
					['PostgreSQL', postgres],
					['Redis', redis],
				] as const) {
					checks.eq(
						`${name} listens on 127.0.0.1:${service.port} only`,
						listeningAddresses(service.pid),
						[`127.0.0.1:${service.port}`],
					);
					checks.eq(`${name} leads its own process group`, processGroup(service.pid), service.pid);
				}
				for (const proc of cluster.processes.values()) {
					const expected = proc.port === undefined ? [] : [`127.0.0.1:${proc.port}`];
					checks.eq(
						`${proc.name} (${proc.role}) listens on ${expected.join(', ') || 'no port'}`,
						listeningAddresses(proc.service.pid),
						expected,
					);
					checks.eq(
						`${proc.name} leads its own process group`,
						processGroup(proc.service.pid),
						proc.service.pid,
					);
				}
				const probe = `${workflows.alternating.webhookId}/${descriptions.webhookPath}`;
				for (const name of WEBHOOKS) {
					const status = await waitForRegistered(cluster.url(name, probe));
					checks.ok(
						`${name} knows the published trigger's production URL`,
						status !== 404 && status !== 0,
						`last answer ${status}`,
					);
				}
				const mainLog = cluster.logOf('main');
				checks.ok(
					'main activated the trigger and logged its URL on the webhook processes (WEBHOOK_URL)',
					mainLog.includes(`${cluster.url(WEBHOOKS[0], probe)}`),
					'production URL with WEBHOOK_URL not in the main log',
				);
			},
		);

		// 1. the action node in a worker
		const started = new Map<string, WebhookStarted>(
			[workflows.s1, workflows.s2http401, workflows.s2code10813].map((s) => [s.workflow.id, s]),
		);
		const runner = new QueueRunner(checks, cluster, db, started, WEBHOOKS);
		ctx = { checks, sim, run: runner.run, log, timed };
		const scenarios = ctx;
		await step('S1 create task, 2,500 contacts (in a worker)', () =>
			scenarioCreate2500(scenarios, workflows.s1.spec, 1),
		);
		await step('S2 token rejected mid-run, HTTP 401 (in a worker)', () =>
			scenarioTokenRejected(scenarios, 'http401', 2, workflows.s2http401.spec),
		);
		await step('S2 token rejected mid-run, HTTP 200 code 10813 (in a worker)', () =>
			scenarioTokenRejected(scenarios, 'code10813', 3, workflows.s2code10813.spec),
		);
		outcome.ranOn = runner.ranOn;
		for (const [scenario, where] of runner.ranOn) log(`${scenario}: ran on ${where}`);

		// 2. two task creations at the same moment, empty stored token
		await step('Two task creations at the same moment on two workers', async () => {
			outcome.concurrency = await scenarioConcurrentTokens(
				scenarios,
				cluster,
				db,
				workflows,
				WEBHOOKS,
			);
		});

		// 3. the trigger across webhook processes
		await step('Trigger: alternating deliveries', async () => {
			outcome.alternating = await scenarioAlternating(checks, cluster, db, workflows.alternating, {
				webhookPath: descriptions.webhookPath,
				events: ALTERNATING_EVENTS,
				parallel: ALTERNATING_PARALLEL,
				webhooks: WEBHOOKS,
				log,
			});
		});
		await step('Trigger: simultaneous first deliveries', async () => {
			outcome.simultaneous = await scenarioSimultaneous(
				checks,
				cluster,
				db,
				workflows.simultaneous,
				{
					webhookPath: descriptions.webhookPath,
					events: SIMULTANEOUS_EVENTS,
					parallel: 10,
					webhooks: WEBHOOKS,
				},
			);
		});

		await step(
			'Trigger: simultaneous first deliveries to one webhook process (sticky routing)',
			async () => {
				outcome.sticky = await scenarioSimultaneous(checks, cluster, db, workflows.sticky, {
					webhookPath: descriptions.webhookPath,
					events: SIMULTANEOUS_EVENTS,
					parallel: 10,
					webhooks: [WEBHOOKS[0], WEBHOOKS[0]],
				});
			},
		);

		await step('Trigger: burst of new events, then alternating retries', async () => {
			outcome.burst = await scenarioAlternating(checks, cluster, db, workflows.burst, {
				webhookPath: descriptions.webhookPath,
				events: BURST_EVENTS,
				parallel: BURST_EVENTS,
				webhooks: WEBHOOKS,
				burst: true,
				log,
			});
		});

		outcome.memory = [...cluster.processes.values()].map((p) => [
			p.name,
			residentMb(p.service.pid),
		]);

		// 4. throughput; workers are stopped as the setups need fewer (never restarted)
		for (const [i, setup] of THROUGHPUT_SETUPS.entries()) {
			await step(`Throughput: ${setup.webhooks} webhook / ${setup.workers} worker`, async () => {
				for (const worker of WORKERS.slice(setup.workers)) await cluster.stop(worker);
				outcome.throughput.push(
					await measureThroughput(checks, cluster, db, workflows.throughput[i], setup, {
						webhookPath: descriptions.webhookPath,
						callbacks: THROUGHPUT_CALLBACKS,
						senders: THROUGHPUT_SENDERS,
						webhooks: WEBHOOKS,
					}),
				);
			});
		}

		checks.in('n8n logs');
		const problems = [...cluster.processes.keys()].flatMap((name) =>
			cluster
				.logOf(name)
				.split('\n')
				.filter((line) => /airudder/i.test(line) && /error|fail|problem/i.test(line))
				.map((line) => `${name}: ${line}`),
		);
		checks.ok(
			'no AIRudder errors in any n8n log',
			problems.length === 0,
			problems.slice(0, 5).join(' | '),
		);
	}

	async function printSummary(): Promise<void> {
		let versions = '';
		try {
			versions = `n8n ${pinnedN8nVersion()}, Node ${await n8nNodeVersion()}`;
		} catch {
			versions = 'n8n (not installed)';
		}
		const { postgres, redis, concurrency, alternating, simultaneous, sticky, burst } = outcome;
		const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '-');
		console.log('');
		console.log(
			`== AIRudder queue-mode e2e summary: ${versions}, ${postgres?.version ?? 'PostgreSQL (not started)'}, ${redis?.version.split(' sha')[0] ?? 'Redis (not started)'}, package ${options.mode === 'community' ? 'installed from npm pack (n8n-nodes-airudder.*)' : 'through N8N_CUSTOM_EXTENSIONS (CUSTOM.*)'}`,
		);
		console.log(
			`processes:           main + ${WORKERS.length} workers (concurrency ${WORKER_CONCURRENCY}) + ${WEBHOOKS.length} webhook processes, EXECUTIONS_MODE=queue, DB_TYPE=postgresdb; all ready ${outcome.startMs === undefined ? '-' : seconds(outcome.startMs)} after start (${outcome.processes.map((p) => `${p.name} ${seconds(p.readyMs)}`).join(', ')})`,
		);
		if (outcome.memory.length > 0)
			console.log(
				`memory (RSS):        ${outcome.memory.map(([n, mb]) => `${n} ${mb} MB`).join(', ')}; n8n total ${outcome.memory.reduce((sum, [, mb]) => sum + mb, 0)} MB`,
			);
		console.log(
			`action node:         ${[...outcome.ranOn].map(([s, w]) => `${s.replace(/ \(in a worker\)/, '')} → ${w}`).join('; ') || '-'}`,
		);
		console.log(
			`concurrent creates:  ${concurrency ? `2 tasks × ${CONCURRENT_CONTACTS} contacts at the same moment on ${concurrency.workers.join(' + ')} (attempt ${concurrency.attempts}); token requests ${concurrency.tokenRequests} (answered after ${AUTH_DELAY_MS} ms; ${concurrency.distinctTokens} distinct token${concurrency.distinctTokens === 1 ? '' : 's'}), rejected requests ${concurrency.rejectedRequests}` : '-'}`,
		);
		const triggerLine = (r: TriggerReport | undefined) =>
			r
				? `${r.events} events, ${r.deliveries} deliveries in ${seconds(r.ms)} (answers p95 ${r.p95Ms} ms, slowest ${r.slowestMs} ms, ${r.badAnswers} bad) → ${r.executions} executions; events run once ${r.histogram[1] ?? 0}, twice ${r.histogram[2] ?? 0}, more ${Object.entries(
						r.histogram,
					)
						.filter(([n]) => Number(n) > 2)
						.reduce(
							(s, [, c]) => s + c,
							0,
						)}, never ${r.missing}; duplicated events ${r.duplicated} (${pct(r.duplicated, r.events)}); workers ${Object.entries(
						r.workers,
					)
						.map(([w, n]) => `${w} ${n}`)
						.join(', ')}; static data ${r.staticDataBytes} bytes`
				: '-';
		console.log(`trigger alternating: ${triggerLine(alternating)}`);
		console.log(`trigger simultaneous: ${triggerLine(simultaneous)}`);
		console.log(`trigger sticky:      ${triggerLine(sticky)}`);
		console.log(`trigger burst:       ${triggerLine(burst)}`);
		if (outcome.throughput.length > 0) {
			console.log(
				`throughput (${THROUGHPUT_CALLBACKS} new callbacks per row, ${THROUGHPUT_SENDERS} concurrent senders, 2 shared cores):`,
			);
			console.log(
				'  webhook processes | workers | callbacks answered/s | executions finished/s | answer p50 / p95 | drain after last answer',
			);
			for (const row of outcome.throughput)
				console.log(
					`  ${String(row.webhooks).padEnd(17)} | ${String(row.workers).padEnd(7)} | ${row.answeredPerSecond.toFixed(1).padStart(20)} | ${row.finishedPerSecond.toFixed(1).padStart(21)} | ${`${row.p50Ms} / ${row.p95Ms} ms`.padStart(16)} | ${seconds(row.drainMs)}`,
				);
		}
		console.log(`checks:              ${checks.passed} passed, ${checks.failed.length} failed`);
		console.log(
			`wall time:           ${seconds(Date.now() - suiteStarted)} (${timings.map(([l, ms]) => `${l} ${seconds(ms)}`).join('; ')})`,
		);
	}
}

/** Resident memory of a process in MB (VmRSS in /proc/<pid>/status). */
function residentMb(pid: number): number {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Math.round(Number(match[1]) / 1024) : 0;
	} catch {
		return 0;
	}
}

/** The process group of a pid (field 5 of /proc/<pid>/stat). */
function processGroup(pid: number): number {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
	} catch {
		return -1;
	}
}

/**
 * Polls a trigger's production URL with an empty text/plain POST until n8n knows the webhook: n8n answers 404 while
 * it is unknown; the AIRudder Trigger refuses the empty body (400) without starting the workflow.
 */
async function waitForRegistered(url: string, timeoutMs = 60_000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = await probeWebhook(url);
		if ((status !== 0 && status !== 404) || Date.now() > deadline) return status;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
