import type { IExecuteFunctions } from 'n8n-workflow';

import { allowedConcurrency, executionState } from './executionState';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs fn for indexes 0..count-1 with at most `concurrency` at once, results in index order.
 * The first call runs alone so that a missing token is fetched once, not once per parallel request.
 * With stopOnError, no new call starts after a failure (calls already running finish); the calls never
 * started have no result.
 */
export async function runBounded<T>(
	ctx: IExecuteFunctions,
	count: number,
	concurrency: number,
	fn: (index: number) => Promise<T>,
	stopOnError: boolean,
): Promise<Array<Outcome<T> | undefined>> {
	const state = executionState(ctx);
	const results: Array<Outcome<T> | undefined> = new Array(count);
	let next = 0;
	let failed = false;
	let active = 0;

	const runOne = async (index: number) => {
		try {
			results[index] = { ok: true, value: await fn(index) };
		} catch (error) {
			results[index] = { ok: false, error: error as Error };
			if (stopOnError) failed = true;
		}
	};

	if (count > 0) {
		next = 1;
		await runOne(0);
	}

	await new Promise<void>((resolve) => {
		const pump = () => {
			const limit = allowedConcurrency(state, concurrency);
			while (!failed && next < count && active < limit) {
				const index = next++;
				active++;
				void runOne(index).then(() => {
					active--;
					pump();
				});
			}
			if (active === 0 && (failed || next >= count)) resolve();
		};
		pump();
	});

	return results;
}
