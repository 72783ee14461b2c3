/**
 * What a scenario needs, whichever n8n it runs against: the checks to record into, the simulator (request log,
 * tasks, token expiry) and a way to run a workflow by id and read each node's output.
 */
import type { ExpireMode, LoggedRequest, Simulator } from '../../tools/simulator/server';
import type { Checks } from '../lib/checks';
import type { N8nItem } from '../lib/n8nProcess';
import { CREATE_PATH } from './request-log';

/** One finished run of a workflow. */
export interface WorkflowRun {
	/** The items a node put out on its first output, in its first run. */
	output(nodeName: string): N8nItem[] | undefined;
}

export interface ScenarioContext {
	checks: Checks;
	sim: Simulator;
	/**
	 * Starts the workflow (n8n execute, a production webhook...), waits until its run is stored and records the
	 * checks that it succeeded, under the given scenario name.
	 */
	run(scenario: string, workflowId: string): Promise<WorkflowRun>;
	/** Set by a scenario: the simulator rejects the token right after the next accepted createinstance. */
	expireAfterCreate?: ExpireMode;
	log(message: string): void;
	/** Runs a step and records its duration for the summary. */
	timed<T>(label: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * The simulator's onRequest hook the token scenarios (S2) rely on: pass it to startSimulator before the context
 * exists, it reads the context on each request.
 */
export function tokenExpiryHook(
	context: () => Pick<ScenarioContext, 'sim' | 'expireAfterCreate'> | undefined,
): (entry: LoggedRequest) => void {
	return (entry) => {
		const ctx = context();
		if (ctx?.expireAfterCreate && entry.path === CREATE_PATH && entry.status === 200) {
			ctx.sim?.expireToken(ctx.expireAfterCreate);
			ctx.expireAfterCreate = undefined;
		}
	};
}
