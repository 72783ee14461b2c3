/**
 * How the default suite runs a workflow: `n8n execute --id` (n8n stopped), then the stored execution in its sqlite
 * database as the authority on the outcome.
 */
import type { Checks } from '../lib/checks';
import { readExecutions } from '../lib/db';
import { nodeOutput, type N8n } from '../lib/n8nProcess';
import type { ScenarioContext, WorkflowRun } from './context';

export class CliRunner {
	/** Executions n8n stored for the runs so far. */
	manualRuns = 0;

	constructor(
		private readonly checks: Checks,
		private readonly n8n: N8n,
	) {}

	readonly run: ScenarioContext['run'] = async (scenario, workflowId): Promise<WorkflowRun> => {
		const { checks } = this;
		const result = await this.n8n.execute(workflowId);
		checks
			.in(scenario)
			.ok(
				'n8n execute exited 0 and printed a finished run without error',
				result.ok && result.run?.finished === true && !result.run?.data.resultData.error,
				result.diagnostics.slice(-3000) ||
					JSON.stringify(result.run?.data.resultData.error ?? null),
			);
		// The stored execution is the authority (n8n 2.4's `execute --rawOutput` prints status "running" for a finished run).
		const stored = (await readExecutions(this.n8n.dbFile, [workflowId])).filter(
			(e) => e.mode === 'cli',
		);
		checks.eq(
			'n8n stored exactly one execution, status success',
			stored.map((e) => e.status),
			['success'],
		);
		this.manualRuns += stored.length;
		return { output: (nodeName) => nodeOutput(result.run, nodeName) };
	};
}
