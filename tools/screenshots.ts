/**
 * Regenerates the README pictures from the running demo in a real browser (Debian's chromium, headless).
 *   npm run screenshots        (needs `apt-get install chromium`; starts `npm run demo` itself and stops it after)
 * Writes docs/images/*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { chromium, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STATE_FILE = path.join(ROOT, '.demo', 'demo-state.json');

function example(file: string): {
	id: string;
	nodes: Array<{ id: string; name: string; type: string }>;
} {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
}

async function startDemo(): Promise<{ child: ChildProcess; editor: string }> {
	const child = spawn(
		path.join(ROOT, 'node_modules', '.bin', 'ts-node'),
		['--transpile-only', 'e2e/demo.ts'],
		{
			cwd: ROOT,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	const editor = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`the demo did not start in 15 minutes:\n${output.slice(-3000)}`)),
			15 * 60_000,
		);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /n8n editor:\s+(\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code) =>
			reject(new Error(`the demo exited (${code}):\n${output.slice(-3000)}`)),
		);
	});
	return { child, editor };
}

async function settle(page: Page) {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await page.waitForTimeout(1500);
}

async function main() {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
	fs.mkdirSync(OUT, { recursive: true });
	const { child, editor } = await startDemo();
	const stop = () => {
		try {
			process.kill(-child.pid!, 'SIGINT');
		} catch {
			// already gone
		}
	};
	process.on('exit', stop);
	try {
		const state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as {
			login: { email: string; password: string };
		};
		const browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const context = await browser.newContext({
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
		});
		const login = await context.request.post(`${editor}/rest/login`, {
			data: {
				emailOrLdapLoginId: state.login.email,
				email: state.login.email,
				password: state.login.password,
			},
		});
		if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
		const page = await context.newPage();

		const create = example('create-task-from-contacts.json');
		await page.goto(`${editor}/workflow/${create.id}`);
		await settle(page);
		await page.screenshot({ path: path.join(OUT, 'workflow-canvas.png') });
		console.log('docs/images/workflow-canvas.png');

		const actionNode = create.nodes.find((n) => n.type.endsWith('.airudder'))!;
		await page.goto(`${editor}/workflow/${create.id}/${actionNode.id}`);
		await settle(page);
		await page.screenshot({ path: path.join(OUT, 'airudder-node.png') });
		console.log('docs/images/airudder-node.png');

		const route = example('route-callbacks-by-event.json');
		const trigger = route.nodes.find((n) => n.type.endsWith('.airudderTrigger'))!;
		await page.goto(`${editor}/workflow/${route.id}/${trigger.id}`);
		await settle(page);
		await page.screenshot({ path: path.join(OUT, 'airudder-trigger.png') });
		console.log('docs/images/airudder-trigger.png');
		await browser.close();
	} finally {
		stop();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
