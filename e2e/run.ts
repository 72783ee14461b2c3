/**
 * End-to-end suite: a real n8n (the pinned install in e2e/n8n-server) runs real workflows with the AIRudder nodes
 * against the local AIRudder simulator. The scenarios are in e2e/scenarios; this file sets up, runs them in order
 * and prints the summary.
 *
 *   node_modules/.bin/ts-node --transpile-only e2e/run.ts [--custom] [--n8n2 | --queue] [--keep] [--verbose]
 *
 * Default: the package is built, packed with `npm pack` and installed into the n8n user folder the way n8n's
 * Community Nodes installer does (type prefix `n8n-nodes-airudder.`). --custom loads dist/ through
 * N8N_CUSTOM_EXTENSIONS instead (type prefix `CUSTOM.`). --keep keeps the temp folder (n8n user folder and logs);
 * it is kept anyway when a check fails. --n8n2 uses the pinned n8n 2.x in e2e/n8n2-server on Node 24 (e2e/node24)
 * instead of n8n 1.123.50 in e2e/n8n-server. --queue runs the queue-mode suite instead (e2e/queue: n8n 1.123.50 with
 * PostgreSQL, Redis, workers and webhook processes). Exit code 0 only when every check passed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSimulator, type Simulator } from '../tools/simulator/server';
import { Checks } from './lib/checks';
import { checkWorkflowParameters, packageDescriptions } from './lib/describe';
import { ensureN8nInstalled, n8nNodeVersion, pinnedN8nVersion } from './lib/install';
import { N8n } from './lib/n8nProcess';
import { selectN8nServer } from './lib/paths';
import { freePort } from './lib/ports';
import { preparePackage, type LoadMode } from './lib/prepare';
import { exitOnSignals, onCleanup, runCleanups } from './lib/proc';
import { EXAMPLES, simulatorCredential } from './lib/workflows';
import { runQueueSuite } from './queue/suite';
import { AI_TOOL_SCENARIO, scenarioAiTool } from './scenarios/ai-tool';
import { CliRunner } from './scenarios/cli-runner';
import {
	HOSTILE_ANSWER_SCENARIOS,
	scenarioNotJson,
	scenarioRedirect,
} from './scenarios/hostile-answers';
import { tokenExpiryHook, type ScenarioContext } from './scenarios/context';
import { scenarioBadPhone, scenarioCreate2500 } from './scenarios/create-task';
import { scenarioExampleCreateTask } from './scenarios/example-create-task';
import { scenarioTrigger, type CallbackBatch } from './scenarios/published-triggers';
import { CREDENTIAL, suiteWorkflows } from './scenarios/suite-workflows';
import { scenarioTokenRejected } from './scenarios/token-rejected';
import { scenarioWhatsAppAndApiRequest } from './scenarios/whatsapp-api-request';

const args = new Set(process.argv.slice(2));
for (const arg of args) {
	if (!['--custom', '--n8n2', '--queue', '--keep', '--verbose', '--help', '-h'].includes(arg)) {
		console.error(`unknown option ${arg}`);
		process.exit(2);
	}
}
if (args.has('--help') || args.has('-h')) {
	console.log('usage: e2e/run.ts [--custom] [--n8n2 | --queue] [--keep] [--verbose]');
	process.exit(0);
}
if (args.has('--queue') && args.has('--n8n2')) {
	console.error('--queue runs on the pinned n8n 1.123.50 only; leave out --n8n2');
	process.exit(2);
}
const MODE: LoadMode = args.has('--custom') ? 'custom' : 'community';
const SERVER = selectN8nServer(args.has('--n8n2') ? 'n8n2' : 'default');

const suiteStarted = Date.now();
function log(message: string): void {
	const s = ((Date.now() - suiteStarted) / 1000).toFixed(1).padStart(6);
	console.log(`[e2e ${s}s] ${message}`);
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

const checks = new Checks(args.has('--verbose'));
const timings: Array<[string, number]> = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings.push([label, Date.now() - started]);
	}
}

/** Runs one scenario; a throw becomes a failed check and the suite goes on. */
async function step(label: string, fn: () => Promise<void>): Promise<void> {
	const failedBefore = checks.failed.length;
	const checksBefore = checks.results.length;
	try {
		await timed(label, fn);
	} catch (error) {
		checks.in(label).error('scenario ran to the end', error);
	}
	const failedNow = checks.failed.length - failedBefore;
	log(
		`${failedNow ? `FAILED (${failedNow} checks)` : 'passed'}: ${label} (${checks.results.length - checksBefore} checks)`,
	);
}

/** What the summary reports; filled in as the suite goes, so a failed setup still shows what it reached. */
interface Outcome {
	manual: number;
	webhook: number;
	workflows: number;
	n8n?: N8n;
	batches: CallbackBatch[];
}

async function runSuite(work: string, outcome: Outcome): Promise<void> {
	const userFolder = path.join(work, 'n8n-user');
	const logDir = path.join(work, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const install = await timed('pinned n8n install', () =>
		ensureN8nInstalled(log, path.join(logDir, 'npm-ci.log')),
	);
	log(`pinned n8n ${pinnedN8nVersion()}: ${install.how} (${seconds(install.ms)})`);

	const prepared = await timed('build + pack + install the package', () =>
		preparePackage({
			mode: MODE,
			userFolder,
			workDir: path.join(work, 'pack'),
			logFile: path.join(logDir, 'steps.log'),
		}),
	);
	log(
		`package ${prepared.version} built in ${seconds(prepared.buildMs)}${prepared.mode === 'community' ? `, packed (${prepared.tarballFiles} files) and installed in ${seconds(prepared.installMs)} at ${prepared.packageDir}` : ''}`,
	);
	if (prepared.check) {
		checks.in('tarball');
		checks.ok(
			'files and imports of the published tarball',
			prepared.check.problems.length === 0,
			prepared.check.problems.join('; '),
		);
		for (const u of prepared.check.undeclared) {
			log(
				`warning: the tarball requires "${u.module}" (${u.from.join(', ')}) without declaring it in dependencies or peerDependencies; it resolves only through n8n's own node_modules`,
			);
		}
	}

	let ctx: ScenarioContext | undefined;
	const sim: Simulator = await startSimulator({ onRequest: tokenExpiryHook(() => ctx) });
	onCleanup(() => sim.close());
	log(`simulator on ${sim.url}`);

	const n8n = new N8n({
		userFolder,
		port: await freePort(),
		logDir,
		customExtensions: prepared.customExtensions,
		env: { GENERIC_TIMEZONE: 'UTC' },
	});
	onCleanup(() => n8n.stop());
	outcome.n8n = n8n;
	const descriptions = packageDescriptions();
	const runner = new CliRunner(checks, n8n);
	ctx = { checks, sim, run: runner.run, log, timed };

	// Workflows: the suite's own and the examples, for this load mode and credential.
	const workflows = suiteWorkflows(prepared.typePrefix);
	outcome.workflows = workflows.all.length;
	checks
		.in('workflow JSON')
		.eq(
			'every parameter the AIRudder nodes set exists in the built node descriptions',
			checkWorkflowParameters(workflows.all, descriptions),
			[],
		);
	await timed('import credential + workflows, activate triggers (n8n CLI)', async () => {
		await n8n.importCredentials([simulatorCredential(CREDENTIAL, sim.url, sim.credentials)]);
		await n8n.importWorkflows(workflows.all);
		for (const wf of workflows.published) await n8n.activate(wf.id);
	});
	log(
		`imported 1 credential and ${workflows.all.length} workflows, published ${workflows.published.length} (${n8n.cliCalls} CLI calls, ${seconds(n8n.cliMs)})`,
	);

	const scenarios = ctx;
	await step('S1 create task, 2,500 contacts', () => scenarioCreate2500(scenarios));
	await step('S2 token rejected mid-run (HTTP 401)', () =>
		scenarioTokenRejected(scenarios, 'http401', 2),
	);
	await step('S2 token rejected mid-run (HTTP 200, code 10813)', () =>
		scenarioTokenRejected(scenarios, 'code10813', 3),
	);
	await step('S3 one bad phone, Continue On Fail', () => scenarioBadPhone(scenarios));
	await step('S4 WhatsApp Template Send + API Request', () =>
		scenarioWhatsAppAndApiRequest(scenarios),
	);
	await step(HOSTILE_ANSWER_SCENARIOS.redirect, () => scenarioRedirect(scenarios));
	await step(HOSTILE_ANSWER_SCENARIOS.notJson, () => scenarioNotJson(scenarios));
	await step(`Example (a) ${EXAMPLES.createTask}`, () =>
		scenarioExampleCreateTask(scenarios, workflows.exampleA),
	);
	outcome.manual = runner.manualRuns;
	await step('S5 AIRudder Trigger, published workflows', async () => {
		const result = await scenarioTrigger(
			scenarios,
			n8n,
			descriptions.webhookPath,
			{
				secret: workflows.secretTrigger,
				route: workflows.exampleB,
				whatsApp: workflows.exampleC,
			},
			() => step(AI_TOOL_SCENARIO, () => scenarioAiTool(scenarios, n8n, prepared.typePrefix)),
		);
		outcome.batches = result.batches;
		outcome.webhook = result.executions;
	});
}

async function printSummary(counts: Outcome): Promise<void> {
	let versions = '';
	try {
		versions = `n8n ${pinnedN8nVersion()}, Node ${await n8nNodeVersion()}`;
	} catch {
		versions = `n8n from ${SERVER.dir} (not installed)`;
	}
	const answers = counts.batches.flatMap((b) => b.results.map((r) => ({ ...r, label: b.label })));
	const slowest = answers.reduce<(typeof answers)[number] | undefined>(
		(a, b) => (a === undefined || b.ms > a.ms ? b : a),
		undefined,
	);
	const byStatus = new Map<number, number>();
	for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
	console.log('');
	console.log(
		`== AIRudder e2e summary: ${versions}, ${MODE === 'community' ? 'package installed from npm pack into .n8n/nodes (n8n-nodes-airudder.*)' : 'N8N_CUSTOM_EXTENSIONS (CUSTOM.*)'}`,
	);
	console.log(
		`workflows run:       ${counts.manual} with n8n execute + 3 published trigger workflows (${counts.workflows} imported)`,
	);
	console.log(
		`executions counted:  ${counts.manual} manual + ${counts.webhook} webhook (expected 8 + 11)`,
	);
	console.log(
		`webhook answers:     ${answers.length} (${[...byStatus].map(([s, n]) => `${n} × ${s}`).join(', ')})${slowest ? `, slowest ${slowest.ms} ms (${slowest.event} #${slowest.attempt}, ${slowest.label})` : ''}`,
	);
	console.log(`checks:              ${checks.passed} passed, ${checks.failed.length} failed`);
	console.log(
		`wall time:           ${seconds(Date.now() - suiteStarted)} (${timings.map(([l, ms]) => `${l} ${seconds(ms)}`).join('; ')})`,
	);
}

async function main(): Promise<void> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airudder-e2e-'));
	exitOnSignals({
		onSignal: (signal) =>
			log(`${signal}: stopping everything the suite started; temp folder left at ${work}`),
	});
	log(
		`mode: ${MODE === 'community' ? 'community package (npm pack, installed into .n8n/nodes)' : 'custom extensions (N8N_CUSTOM_EXTENSIONS=dist, CUSTOM. prefix)'}; n8n from ${SERVER.dir}; temp folder ${work}`,
	);

	const outcome: Outcome = { manual: 0, webhook: 0, workflows: 0, batches: [] };
	try {
		await runSuite(work, outcome);
	} catch (error) {
		checks.in('setup').error('setup', error);
	}
	const failed = checks.failed.length > 0 || checks.results.length === 0;
	const { n8n } = outcome;
	if (failed && n8n) {
		console.log(`\n---- n8n log (tail of ${n8n.logFile}) ----\n${n8n.logTail(60)}`);
		console.log(`\n---- n8n CLI log (tail of ${n8n.cliLogFile}) ----\n${n8n.cliLogTail(40)}\n`);
	}
	await runCleanups();

	await printSummary(outcome);
	if (failed) {
		console.log('\nFAILED checks:');
		for (const f of checks.failed)
			console.log(`  [${f.scenario}] ${f.name}${f.detail ? `: ${f.detail}` : ''}`);
		console.log(`\nkept for inspection: ${work}`);
		process.exitCode = 1;
	} else if (args.has('--keep')) {
		console.log(`kept: ${work}`);
	} else {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

const suite = args.has('--queue')
	? async () => {
			process.exitCode = await runQueueSuite({
				mode: MODE,
				keep: args.has('--keep'),
				verbose: args.has('--verbose'),
			});
		}
	: main;
suite().catch(async (error: unknown) => {
	console.error(error);
	await runCleanups();
	process.exit(1);
});
