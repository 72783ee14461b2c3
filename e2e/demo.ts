/**
 * Demo for newcomers: one command starts the AIRudder simulator and a real n8n with this package installed like a
 * community package, an owner login, the AIRudder credential (pointing at the simulator) and the example workflows.
 *
 *   node_modules/.bin/ts-node --transpile-only e2e/demo.ts [--reset]
 *
 * State (n8n database, login) lives in .demo/ and is reused by the next run; --reset deletes it first.
 * Ctrl-C stops n8n and the simulator.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CALLBACK_EVENTS } from '../tools/simulator/callbacks';
import { startSimulator, type LoggedRequest } from '../tools/simulator/server';
import { ensureN8nInstalled, pinnedN8nVersion } from './lib/install';
import { checkWorkflowParameters, packageDescriptions } from './lib/describe';
import { storedWorkflowIds } from './lib/db';
import { N8n } from './lib/n8nProcess';
import { freePort } from './lib/ports';
import { preparePackage } from './lib/prepare';
import { DEMO_DIR, REPO_ROOT } from './lib/paths';
import { exitOnSignals, onCleanup, runCleanups } from './lib/proc';
import { canLogin, needsOwnerSetup, setupOwner, type Login } from './lib/rest';
import {
	EXAMPLES,
	exampleFiles,
	loadExample,
	prepareWorkflow,
	simulatorCredential,
	webhookIdOf,
	type CredentialRef,
} from './lib/workflows';

const PREFERRED_N8N_PORT = 5678;
const PREFERRED_SIM_PORT = 5680;
const CREDENTIAL: CredentialRef = { id: 'airudderSimCreds', name: 'AIRudder simulator (demo)' };
const STATE_FILE = path.join(DEMO_DIR, 'demo-state.json');

interface DemoState {
	login?: Login;
}

const PID_FILE = path.join(DEMO_DIR, 'demo.pid');

/** One demo at a time: two n8n processes must not share .demo/.n8n/database.sqlite. */
function otherDemoRunning(): number | undefined {
	try {
		const pid = Number(fs.readFileSync(PID_FILE, 'utf8').trim());
		if (pid > 0 && pid !== process.pid) {
			process.kill(pid, 0);
			return pid;
		}
	} catch {
		// no pid file, or that process is gone
	}
	return undefined;
}

const args = process.argv.slice(2);
for (const arg of args) {
	if (!['--reset', '--help', '-h'].includes(arg)) {
		console.error(`unknown option ${arg}\nusage: npm run demo [-- --reset]`);
		process.exit(2);
	}
}
if (args.includes('--help') || args.includes('-h')) {
	console.log(
		'usage: npm run demo [-- --reset]   (--reset deletes .demo/ and starts from scratch)',
	);
	process.exit(0);
}

function say(message: string): void {
	console.log(`[demo] ${message}`);
}

function readState(): DemoState {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as DemoState;
	} catch {
		return {};
	}
}

function writeState(state: DemoState): void {
	fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

function simulatorLine(entry: LoggedRequest): string {
	const body = entry.responseBody as { code?: unknown } | null | undefined;
	const code =
		body && typeof body === 'object' && 'code' in body ? ` code ${String(body.code)}` : '';
	const details = (entry.body as { details?: unknown[] } | undefined)?.details;
	const contacts = Array.isArray(details) ? `, ${details.length} contacts` : '';
	return `simulator: ${entry.method} ${entry.path} -> ${entry.status === 0 ? 'dropped' : `${entry.status}${code}`}${contacts}`;
}

async function main(): Promise<void> {
	const running = otherDemoRunning();
	if (running !== undefined) {
		console.error(`[demo] a demo is already running (pid ${running}); stop it with Ctrl-C first.`);
		process.exit(1);
	}
	exitOnSignals({
		onSignal: () => say('stopping n8n and the simulator...'),
		onStopped: () => say('stopped. Run it again to continue where you left off.'),
		exitCode: 0,
	});
	if (args.includes('--reset') && fs.existsSync(DEMO_DIR)) {
		say(`--reset: deleting ${DEMO_DIR}`);
		fs.rmSync(DEMO_DIR, { recursive: true, force: true });
	}
	const logDir = path.join(DEMO_DIR, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	fs.writeFileSync(PID_FILE, String(process.pid));
	onCleanup(() => fs.rmSync(PID_FILE, { force: true }));
	const state = readState();

	const install = await ensureN8nInstalled(say, path.join(logDir, 'npm-ci.log'));
	say(`n8n ${pinnedN8nVersion()} ready (${install.how})`);
	say(
		"building the package and installing it into .demo/.n8n/nodes like n8n's Community Nodes installer...",
	);
	const prepared = await preparePackage({
		mode: 'community',
		userFolder: DEMO_DIR,
		workDir: path.join(DEMO_DIR, 'pack'),
		logFile: path.join(logDir, 'build.log'),
	});
	for (const problem of prepared.check?.problems ?? []) say(`warning: ${problem}`);

	const sim = await startSimulator({
		port: await freePort(PREFERRED_SIM_PORT),
		onRequest: (entry) => console.log(simulatorLine(entry)),
	});
	onCleanup(() => sim.close());
	const n8n = new N8n({
		userFolder: DEMO_DIR,
		port: await freePort(PREFERRED_N8N_PORT),
		logDir,
		// The editor is opened over plain http on this machine.
		env: { N8N_SECURE_COOKIE: 'false' },
	});
	onCleanup(() => n8n.stop());

	// While n8n is stopped: the credential (again each run: the simulator's port may have changed) and the examples
	// this n8n does not have yet (so edits made in the editor survive), publishing the trigger examples.
	const descriptions = packageDescriptions();
	const stored = new Set(await storedWorkflowIds(n8n.dbFile));
	const missing = exampleFiles()
		.map((file) => prepareWorkflow(loadExample(file), prepared.typePrefix, CREDENTIAL))
		.filter((wf) => !stored.has(wf.id));
	for (const problem of checkWorkflowParameters(missing, descriptions)) say(`warning: ${problem}`);
	say(
		`importing the AIRudder credential${missing.length ? ` and ${missing.length} example workflows` : ''} (n8n CLI, a few seconds each)...`,
	);
	await n8n.importCredentials([simulatorCredential(CREDENTIAL, sim.url, sim.credentials)]);
	if (missing.length > 0) {
		await n8n.importWorkflows(missing);
		for (const wf of missing)
			if (wf.nodes.some((n) => n.type.endsWith('.airudderTrigger'))) await n8n.activate(wf.id);
	}

	say('starting n8n...');
	await n8n.start();
	const exitWatch = setInterval(() => {
		if (!n8n.isRunning()) {
			clearInterval(exitWatch);
			console.error(
				`[demo] n8n stopped unexpectedly; the end of ${n8n.logFile}:\n${n8n.logTail(40)}`,
			);
			void runCleanups().finally(() => process.exit(1));
		}
	}, 1000);
	exitWatch.unref();

	if (await needsOwnerSetup(n8n.baseUrl)) {
		const login: Login = {
			email: 'demo@example.com',
			firstName: 'Demo',
			lastName: 'User',
			password: `Demo-${randomBytes(6).toString('hex')}-N8n`,
		};
		await setupOwner(n8n.baseUrl, login);
		state.login = login;
		writeState(state);
	}
	const login = state.login;
	const loginOk = login ? await canLogin(n8n.baseUrl, login) : false;

	const editor = `http://localhost:${n8n.options.port}`;
	const route = loadExample(EXAMPLES.routeCallbacks);
	const whatsApp = loadExample(EXAMPLES.whatsAppAfterCall);
	const createTask = loadExample(EXAMPLES.createTask);
	const routeUrl = n8n.webhookUrl(webhookIdOf(route), descriptions.webhookPath);
	const whatsAppUrl = n8n.webhookUrl(webhookIdOf(whatsApp), descriptions.webhookPath);
	try {
		for (const url of [routeUrl, whatsAppUrl]) await n8n.waitForWebhook(url, 30_000);
	} catch {
		say('note: a trigger example is not listening (was it unpublished in the editor?)');
	}
	const rel = path.relative(process.cwd(), DEMO_DIR) || DEMO_DIR;
	const lines = [
		'',
		'================================================================================',
		` AIRudder demo: n8n ${pinnedN8nVersion()} with n8n-nodes-airudder ${prepared.version}, and the AIRudder simulator`,
		'================================================================================',
		` n8n editor:  ${editor}`,
		login
			? ` login:       ${login.email}  /  ${login.password}${loginOk ? '' : '   (n8n did not accept it: was the password changed in the editor?)'}`
			: ' login:       the owner account you created in this n8n before (not made by the demo)',
		` simulator:   ${sim.url}  (credential "${CREDENTIAL.name}" points here; APP Key ${sim.credentials.appKey})`,
		'',
		' 1. Open the editor, sign in, open the workflow',
		`      "${createTask.name}"`,
		'    and click "Execute workflow". The requests the simulator receives are printed below.',
		'',
		' 2. The trigger workflow "' + route.name + '" is published.',
		"    Fire AIRudder's sample callbacks at it (in another terminal, in this folder):",
		`      npm run simulator -- send all --url ${routeUrl} --times 5 --change-timestamp`,
		`    then open Executions in the editor: one execution per event (${Object.keys(CALLBACK_EVENTS).length}), each in its own branch,`,
		'    although each callback was delivered 5 times as AIRudder retries do. Repeats within 60 minutes start nothing.',
		'',
		' 3. "' + whatsApp.name + '" is published too:',
		`      npm run simulator -- send workflow.apiNodePush --url ${whatsAppUrl}`,
		'    sends a WhatsApp template to the simulator (see the /api/v1/template/send line below).',
		'',
		` Ctrl-C stops n8n and the simulator. State (database, login) stays in ${rel}/ for the next run;`,
		` \`npm run demo -- --reset\` starts over. n8n log: ${path.relative(process.cwd(), n8n.logFile) || n8n.logFile}`,
		'================================================================================',
		'',
	];
	console.log(lines.join('\n'));
	if (path.resolve(process.cwd()) !== REPO_ROOT)
		say(`(run the npm commands above in ${REPO_ROOT})`);
	// Stay up until Ctrl-C (exitOnSignals stops everything).
	await new Promise<never>(() => undefined);
}

main().catch(async (error: unknown) => {
	console.error(`[demo] ${(error as Error)?.stack ?? String(error)}`);
	await runCleanups();
	process.exit(1);
});
