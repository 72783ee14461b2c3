/**
 * Speed and scale figures for the AIRudder node against the local simulator with added latency.
 * Prints numbers; asserts nothing.  npm run bench [-- --latency 50 --contacts 10000 --lookups 1000]
 */
import {
	CREDENTIAL_ID,
	CredentialStore,
	credentialData,
	runNode,
} from '../test/harness/executeContext';
import { startSimulator } from './simulator/server';

// Named with .ts: plain resolution would pick the codex file Airudder.node.json first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Airudder } =
	require('../nodes/Airudder/Airudder.node.ts') as typeof import('../nodes/Airudder/Airudder.node');

function arg(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main() {
	const latency = arg('latency', 50);
	const contacts = arg('contacts', 10_000);
	const lookups = arg('lookups', 1_000);
	const batchSize = arg('batch', 500);
	const sim = await startSimulator({ latencyMs: latency });
	const store = new CredentialStore();
	store.set(CREDENTIAL_ID, 'airudderApi', credentialData(sim));
	const node = new Airudder();
	const rows: string[][] = [['scenario', 'items', 'requests', 'auth', 'wall time', 'per item']];

	const measure = async (label: string, items: number, run: () => Promise<unknown>) => {
		const before = sim.requests.length;
		const authBefore = sim.authCount();
		const started = process.hrtime.bigint();
		await run();
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		rows.push([
			label,
			String(items),
			String(sim.requests.length - before),
			String(sim.authCount() - authBefore),
			`${(ms / 1000).toFixed(2)} s`,
			`${(ms / items).toFixed(2)} ms`,
		]);
	};

	const contactItems = Array.from({ length: contacts }, (_, i) => ({
		json: { phone: `+62812${String(i).padStart(8, '0')}`, case_id: `c${i}` },
	}));
	await measure(`create task, batch ${batchSize}`, contacts, async () => {
		const { output } = await runNode(node, {
			store,
			parameters: {
				resource: 'workflowTask',
				operation: 'create',
				workflowTemplateId: 1,
				name: `bench_${Date.now()}`,
				endTime: new Date(Date.now() + 86_400_000).toISOString().slice(0, 19),
				phone: '={{ $json.phone }}',
				contactFields: { caseId: '={{ $json.case_id }}' },
				batchSize,
			},
			items: contactItems,
		});
		if (output[0][0].json.contacts_sent !== contacts) throw new Error('not every contact was sent');
	});

	const taskId = [...sim.tasks.values()][0].call_task_id;
	const lookupItems = Array.from({ length: lookups }, () => ({ json: { taskId } }));
	for (const concurrency of [1, 5]) {
		await measure(
			`lookups, concurrency ${concurrency}${concurrency === 5 ? ' (default)' : ''}`,
			lookups,
			async () => {
				await runNode(node, {
					store,
					parameters: {
						resource: 'call',
						operation: 'getOutboundTaskDetails',
						taskId: '={{ $json.taskId }}',
						returnAll: false,
						limit: 1,
						options: { concurrency },
					},
					items: lookupItems,
				});
			},
		);
	}
	await sim.close();

	console.log(
		`AIRudder node benchmark — simulator latency ${latency} ms per request, Node ${process.version}`,
	);
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
