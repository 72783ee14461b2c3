/**
 * CLI of the dev-only AIRudder simulator.
 *
 *   npm run simulator [-- --port 5680] [--latency <ms>] [--max-contacts <n>]
 *   npm run simulator -- send <event|all> --url <webhook url> [--times N] [--header 'Name: value']...
 *                                         [--change-timestamp] [--interval <ms>] [--timeout <ms>]
 *   npm run simulator -- events
 */
import { CALLBACK_EVENTS, sendCallbacks } from './callbacks';
import { startSimulator, type LoggedRequest } from './server';

const USAGE = `usage:
  npm run simulator [-- --port <port>] [--latency <ms>] [--max-contacts <n>]   (env SIM_PORT also accepted; default 5680)
  npm run simulator -- send <event|all> --url <webhook url> [--times N] [--header 'Name: value'] [--change-timestamp] [--interval <ms>] [--timeout <ms>]
  npm run simulator -- events`;

class UsageError extends Error {}

interface ParsedArgs {
	positional: string[];
	flags: Map<string, string[]>;
}

const BOOLEAN_FLAGS = new Set(['change-timestamp', 'help']);

function parseArgs(argv: string[]): ParsedArgs {
	const positional: string[] = [];
	const flags = new Map<string, string[]>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '-h') {
			flags.set('help', ['true']);
			continue;
		}
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		let name = arg.slice(2);
		let value: string | undefined;
		const eq = name.indexOf('=');
		if (eq >= 0) {
			value = name.slice(eq + 1);
			name = name.slice(0, eq);
		} else if (BOOLEAN_FLAGS.has(name)) {
			value = 'true';
		} else {
			value = argv[++i];
			if (value === undefined) throw new UsageError(`--${name} needs a value`);
		}
		const list = flags.get(name) ?? [];
		list.push(value);
		flags.set(name, list);
	}
	return { positional, flags };
}

function last(args: ParsedArgs, name: string): string | undefined {
	const list = args.flags.get(name);
	return list ? list[list.length - 1] : undefined;
}

function intFlag(
	args: ParsedArgs,
	name: string,
	fallback: number | undefined,
	min = 0,
): number | undefined {
	const raw = last(args, name);
	if (raw === undefined) return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min)
		throw new UsageError(`--${name} must be an integer >= ${min}`);
	return n;
}

function checkKnownFlags(args: ParsedArgs, known: string[]): void {
	for (const name of args.flags.keys()) {
		if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
	}
}

async function serve(args: ParsedArgs): Promise<void> {
	checkKnownFlags(args, ['port', 'latency', 'max-contacts']);
	if (args.positional.length > 0) throw new UsageError(`unknown command ${args.positional[0]}`);
	const envPort = process.env.SIM_PORT;
	let port = intFlag(args, 'port', undefined) as number | undefined;
	if (port === undefined && envPort !== undefined && envPort !== '') {
		port = Number(envPort);
		if (!Number.isInteger(port) || port < 0) throw new UsageError('SIM_PORT must be an integer');
	}
	const sim = await startSimulator({
		port: port ?? 5680,
		latencyMs: intFlag(args, 'latency', 0),
		maxContactsPerTask: intFlag(args, 'max-contacts', undefined, 1),
		onRequest: (entry: LoggedRequest) => {
			const body = entry.responseBody as { code?: unknown } | null | undefined;
			const code = body && typeof body === 'object' && 'code' in body ? String(body.code) : '-';
			const outcome = entry.status === 0 ? 'dropped' : `${entry.status} ${code}`;
			console.log(`${entry.method} ${entry.path} -> ${outcome}`);
		},
	});
	console.log(`AIRudder simulator listening on ${sim.url}`);
	console.log(`Base URL: ${sim.url}`);
	console.log(`APP Key: ${sim.credentials.appKey}`);
	console.log(`APP Secret: ${sim.credentials.appSecret}`);
	console.log(`Chatbot API Key: ${sim.credentials.chatbotApiKey}`);

	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal} received, stopping simulator`);
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

async function send(args: ParsedArgs): Promise<number> {
	checkKnownFlags(args, ['url', 'times', 'header', 'change-timestamp', 'interval', 'timeout']);
	const which = args.positional[1];
	if (which === undefined) throw new UsageError('send needs an event name or "all"');
	if (args.positional.length > 2) throw new UsageError(`unexpected argument ${args.positional[2]}`);
	const events = which === 'all' ? Object.keys(CALLBACK_EVENTS) : [which];
	if (which !== 'all' && !(which in CALLBACK_EVENTS)) {
		throw new UsageError(
			`unknown event ${which}; known: ${Object.keys(CALLBACK_EVENTS).join(', ')}`,
		);
	}
	const url = last(args, 'url');
	if (url === undefined || url === '') throw new UsageError('send needs --url <webhook url>');
	try {
		new URL(url);
	} catch {
		throw new UsageError(`invalid --url ${url}`);
	}
	const headers: Record<string, string> = {};
	for (const h of args.flags.get('header') ?? []) {
		const colon = h.indexOf(':');
		if (colon <= 0) throw new UsageError(`--header must look like 'Name: value' (got ${h})`);
		headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
	}
	const results = await sendCallbacks({
		url,
		events,
		times: intFlag(args, 'times', 1, 1),
		headers,
		changeTimestamp: args.flags.has('change-timestamp'),
		intervalMs: intFlag(args, 'interval', 0),
		timeoutMs: intFlag(args, 'timeout', 10000, 1),
	});
	for (const r of results) console.log(`${r.event} ${r.attempt} ${r.status} ${r.ms}`);
	return results.every((r) => r.status >= 200 && r.status < 300) ? 0 : 1;
}

async function main(argv: string[]): Promise<void> {
	const args = parseArgs(argv);
	if (args.flags.has('help')) {
		console.log(USAGE);
		return;
	}
	const command = args.positional[0];
	if (command === 'send') {
		process.exitCode = await send(args);
	} else if (command === 'events') {
		for (const name of Object.keys(CALLBACK_EVENTS)) console.log(name);
	} else {
		await serve(args);
	}
}

main(process.argv.slice(2)).catch((error: unknown) => {
	if (error instanceof UsageError) {
		console.error(`error: ${error.message}\n${USAGE}`);
		process.exit(2);
	}
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
