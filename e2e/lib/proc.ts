/**
 * Child processes of the suite and the demo. Every child runs in its own process group (detached), so it and
 * everything it starts can be stopped with one signal to the group, also when the suite fails or is interrupted.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const liveGroups = new Set<number>();
const cleanups: Array<() => Promise<void> | void> = [];
let cleaningUp: Promise<void> | undefined;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

// Last resort: whatever is still running when this process exits is killed (synchronously).
process.on('exit', () => {
	for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
});

/** Registers an async cleanup (stop n8n, close the simulator...) run once on Ctrl-C, SIGTERM or runCleanups(). */
export function onCleanup(fn: () => Promise<void> | void): void {
	cleanups.push(fn);
}

/** Runs the registered cleanups once, newest first, then kills any process group still alive. */
export function runCleanups(): Promise<void> {
	cleaningUp ??= (async () => {
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (error) {
				console.error(`cleanup failed: ${(error as Error).message}`);
			}
		}
		for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
		liveGroups.clear();
	})();
	return cleaningUp;
}

/**
 * Ctrl-C / SIGTERM / SIGHUP: stop everything this process started, then exit (with 130/143, or with exitCode when
 * given: the demo ends normally on Ctrl-C). onStopped runs after the cleanups.
 */
export function exitOnSignals(
	options: {
		onSignal?: (signal: NodeJS.Signals) => void;
		onStopped?: () => void;
		exitCode?: number;
	} = {},
): void {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]) {
		process.on(signal, () => {
			if (cleaningUp) return;
			options.onSignal?.(signal);
			void runCleanups().finally(() => {
				options.onStopped?.();
				process.exit(options.exitCode ?? (signal === 'SIGINT' ? 130 : 143));
			});
		});
	}
}

/**
 * The environment for a child process: the caller's, without npm's `npm_*` variables. `npm run` exports the
 * project's config (for example npm_config_ignore_scripts=true and npm_config_local_prefix=<repo>), which would
 * make an `npm ci` in e2e/n8n-server skip sqlite3's build or even act on the repository root.
 */
export function childEnv(
	extra: Record<string, string | undefined> = {},
	dropPrefixes: string[] = [],
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_')) continue;
		if (dropPrefixes.some((prefix) => key.startsWith(prefix))) continue;
		env[key] = value;
	}
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

/** npm's own entry script (npm-cli.js): the npm running this script under `npm run`, else the `npm` on PATH. */
function npmCli(): string | undefined {
	const execPath = process.env.npm_execpath;
	if (execPath && /npm-cli\.js$/.test(execPath) && fs.existsSync(execPath)) return execPath;
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, 'npm');
		try {
			const real = fs.realpathSync(candidate);
			if (/npm-cli\.js$/.test(real)) return real;
		} catch {
			// not here
		}
	}
	return undefined;
}

/** How to run npm; with nodeBinary, npm itself runs on that Node (so engines and install scripts see it). */
export function npmCommand(nodeBinary?: string): { cmd: string; args: string[] } {
	const cli = npmCli();
	if (cli) return { cmd: nodeBinary ?? process.execPath, args: [cli] };
	return { cmd: 'npm', args: [] };
}

/** PATH with the folder of a Node binary first, so `node` in child processes is that Node. */
export function pathWithNode(nodeBinary: string): string {
	return [path.dirname(nodeBinary), process.env.PATH ?? ''].join(path.delimiter);
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
	/** Also append stdout and stderr to this file. */
	logFile?: string;
	/** With logFile: false leaves stdout out of the file (it is still returned). */
	logStdout?: boolean;
	/** Called every heartbeatMs while the command runs (for long installs). */
	heartbeat?: { everyMs: number; fn: (elapsedMs: number) => void };
}

function spawnGroup(cmd: string, args: string[], options: SpawnOptions): ChildProcess {
	const child = spawn(cmd, args, { ...options, detached: true });
	if (child.pid !== undefined) liveGroups.add(child.pid);
	return child;
}

/** Runs a command to completion in its own process group; kills the group on timeout. Never throws on exit codes. */
export function run(cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawnGroup(cmd, args, {
			cwd: options.cwd,
			env: options.env ?? childEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
		log?.write(`\n$ ${[cmd, ...args].join(' ')}\n`);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => {
			out.push(chunk);
			if (options.logStdout !== false) log?.write(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			err.push(chunk);
			log?.write(chunk);
		});
		let timedOut = false;
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
				}, options.timeoutMs)
			: undefined;
		const beat = options.heartbeat
			? setInterval(() => options.heartbeat?.fn(Date.now() - started), options.heartbeat.everyMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			if (beat) clearInterval(beat);
			if (child.pid !== undefined) liveGroups.delete(child.pid);
			log?.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (beat) clearInterval(beat);
			if (child.pid !== undefined) {
				// the leader is gone; anything it left behind in its group goes too
				signalGroup(child.pid, 'SIGKILL');
				liveGroups.delete(child.pid);
			}
			log?.end();
			resolve({
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
				ms: Date.now() - started,
				timedOut,
			});
		});
	});
}

/** Like run(), but throws with the output's tail when the command fails. */
export async function runOrThrow(
	what: string,
	cmd: string,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	const result = await run(cmd, args, options);
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
		throw new Error(
			`${what} failed (${result.timedOut ? 'timed out' : `exit code ${result.code ?? result.signal}`}): ${[cmd, ...args].join(' ')}\n${tail}`,
		);
	}
	return result;
}

export interface Service {
	pid: number;
	logFile: string;
	/** Resolves with the exit code when the process ends. */
	exited: Promise<number | null>;
	isRunning(): boolean;
	/** Resolves when a line matching the pattern was logged; rejects when the process exits first or on timeout. */
	waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
	/** SIGTERM to the group, SIGKILL after graceMs. */
	stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running process in its own group, its output appended to logFile (and optionally echoed). */
export function startService(
	cmd: string,
	args: string[],
	options: {
		cwd?: string;
		env?: NodeJS.ProcessEnv;
		logFile: string;
		echo?: (line: string) => void;
	},
): Service {
	const log = fs.createWriteStream(options.logFile, { flags: 'a' });
	const child = spawnGroup(cmd, args, {
		cwd: options.cwd,
		env: options.env ?? childEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
	const pid = child.pid;
	let running = true;
	const lines: string[] = [];
	const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
	let partial = '';
	const onData = (chunk: Buffer): void => {
		log.write(chunk);
		const text = partial + chunk.toString('utf8');
		const parts = text.split('\n');
		partial = parts.pop() ?? '';
		for (const line of parts) {
			lines.push(line);
			if (lines.length > 2000) lines.shift();
			options.echo?.(line);
			for (let i = waiters.length - 1; i >= 0; i--) {
				if (waiters[i].pattern.test(line)) {
					waiters[i].resolve(line);
					waiters.splice(i, 1);
				}
			}
		}
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const exited = new Promise<number | null>((resolve) => {
		child.on('close', (code) => {
			running = false;
			log.end();
			resolve(code);
		});
		child.on('error', () => {
			running = false;
			resolve(null);
		});
	});

	return {
		pid,
		logFile: options.logFile,
		exited,
		isRunning: () => running,
		waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
			const seen = lines.find((line) => pattern.test(line));
			if (seen !== undefined) return Promise.resolve(seen);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`no log line matching ${pattern} within ${timeoutMs / 1000} s`)),
					timeoutMs,
				);
				waiters.push({
					pattern,
					resolve: (line) => {
						clearTimeout(timer);
						resolve(line);
					},
				});
				void exited.then((code) => {
					clearTimeout(timer);
					reject(new Error(`process exited (code ${code}) before logging ${pattern}`));
				});
			});
		},
		async stop(graceMs = 10_000): Promise<void> {
			if (running) {
				signalGroup(pid, 'SIGTERM');
				const timeout = new Promise<'timeout'>((resolve) =>
					setTimeout(() => resolve('timeout'), graceMs).unref(),
				);
				await Promise.race([exited, timeout]);
			}
			if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
			liveGroups.delete(pid);
		},
	};
}

/** The last n lines of a file (for printing a log's tail on failure). */
export function tail(file: string, n = 60): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
	} catch {
		return `(no ${file})`;
	}
}
