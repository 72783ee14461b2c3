/**
 * PostgreSQL and Redis for the queue-mode suite: Debian's packages, started by the suite on 127.0.0.1 with their data
 * in the suite's temp folder, each in its own process group, stopped at the end (and killed with the suite).
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (created by Debian's
 * package) through `setpriv`, which execs in place: the pid the suite holds is the server's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort } from '../lib/ports';
import { childEnv, runOrThrow, startService, type Service } from '../lib/proc';
import { pgClient } from './pg';

/** Debian's PostgreSQL server binaries live in /usr/lib/postgresql/<version>/bin (initdb and postgres are not on PATH). */
const PG_LIB = '/usr/lib/postgresql';
const PG_USER = 'postgres';

export interface Postgres {
	/** The postmaster's pid. */
	pid: number;
	port: number;
	database: string;
	user: string;
	dataDir: string;
	logFile: string;
	version: string;
	stop(): Promise<void>;
}

export interface Redis {
	pid: number;
	port: number;
	logFile: string;
	version: string;
	stop(): Promise<void>;
}

function pgBin(name: string): string {
	let versions: string[] = [];
	try {
		versions = fs.readdirSync(PG_LIB).sort((a, b) => Number(b) - Number(a));
	} catch {
		// no Debian PostgreSQL
	}
	for (const version of versions) {
		const file = path.join(PG_LIB, version, 'bin', name);
		if (fs.existsSync(file)) return file;
	}
	return findOnPath(name, 'postgresql');
}

function findOnPath(name: string, debianPackage: string): string {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const file = path.join(dir, name);
		if (dir && fs.existsSync(file)) return file;
	}
	throw new Error(`${name} not found: install Debian's ${debianPackage} package (.ci/run does)`);
}

function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The command, run as the postgres user when the suite runs as root. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
	if (!isRoot()) return [cmd, args];
	return [
		'setpriv',
		[`--reuid=${PG_USER}`, `--regid=${PG_USER}`, '--init-groups', '--', cmd, ...args],
	];
}

/** uid and gid of the postgres user (from /etc/passwd). */
function postgresIds(): { uid: number; gid: number } {
	const entry = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((line) => line.startsWith(`${PG_USER}:`))
		?.split(':');
	const uid = Number(entry?.[2]);
	const gid = Number(entry?.[3]);
	if (!entry || !Number.isInteger(uid) || !Number.isInteger(gid))
		throw new Error(`no "${PG_USER}" user: install Debian's postgresql package (.ci/run does)`);
	return { uid, gid };
}

function chownToPostgres(dir: string): void {
	if (!isRoot()) return;
	const { uid, gid } = postgresIds();
	fs.chownSync(dir, uid, gid);
}

/**
 * initdb into <dir>/data (dir: a new folder inside the suite's temp folder; trust authentication), the server on
 * a free loopback port with its unix socket in <dir>, then `CREATE DATABASE`. About 2 s.
 */
export async function startPostgres(options: {
	dir: string;
	logDir: string;
	database: string;
}): Promise<Postgres> {
	const { dir, database } = options;
	fs.mkdirSync(dir, { recursive: true });
	if (isRoot()) {
		// The postgres user must reach its folder: the suite's temp folder (mkdtemp makes it 0700) gets o+x.
		const parent = path.dirname(dir);
		fs.chmodSync(parent, fs.statSync(parent).mode | 0o711);
	}
	chownToPostgres(dir);
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(options.logDir, 'postgres.log');
	const env = childEnv({ LC_ALL: 'C', LANG: 'C', PGTZ: 'UTC', TZ: 'UTC' }, ['PG']);
	const [initCmd, initArgs] = asPostgres(pgBin('initdb'), [
		'-D',
		dataDir,
		'-A',
		'trust',
		'-U',
		PG_USER,
		'-E',
		'UTF8',
		'--no-sync',
	]);
	await runOrThrow('initdb', initCmd, initArgs, {
		cwd: dir,
		env,
		timeoutMs: 120_000,
		logFile,
	});
	const port = await freePort();
	const [cmd, args] = asPostgres(pgBin('postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-k',
		dir,
		// n8n opens a pool per process (5 processes + CLI); the default 100 is enough, fsync is not needed for a test
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const service = startService(cmd, args, { cwd: dir, env, logFile });
	await service.waitForLine(/database system is ready to accept connections/, 60_000);
	const version = (
		await runOrThrow('postgres --version', pgBin('postgres'), ['--version'], {
			env,
			timeoutMs: 30_000,
		})
	).stdout.trim();
	const client = await pgClient({ port, user: PG_USER, database: 'postgres' });
	try {
		await client.query(`CREATE DATABASE ${database}`);
	} finally {
		await client.end();
	}
	return {
		pid: service.pid,
		port,
		database,
		user: PG_USER,
		dataDir,
		logFile,
		version,
		// SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to disconnect)
		stop: () => stopWith(service, 'SIGINT'),
	};
}

/** redis-server on a free loopback port, no persistence, its folder in dir. Ready in well under a second. */
export async function startRedis(options: { dir: string; logDir: string }): Promise<Redis> {
	fs.mkdirSync(options.dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(options.logDir, 'redis.log');
	const bin = findOnPath('redis-server', 'redis-server');
	const service = startService(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			options.dir,
		],
		{ cwd: options.dir, env: childEnv(), logFile },
	);
	await service.waitForLine(/Ready to accept connections/, 30_000);
	const version = (
		await runOrThrow('redis-server --version', bin, ['--version'], { timeoutMs: 30_000 })
	).stdout.trim();
	return { pid: service.pid, port, logFile, version, stop: () => stopWith(service, 'SIGTERM') };
}

async function stopWith(service: Service, signal: NodeJS.Signals): Promise<void> {
	if (service.isRunning()) {
		try {
			process.kill(service.pid, signal);
		} catch {
			// already gone
		}
		await Promise.race([
			service.exited,
			new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
		]);
	}
	await service.stop(5_000);
}
