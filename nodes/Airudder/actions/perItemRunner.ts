import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { stoppedRunNote } from '../helpers/sentItems';
import { runBounded, type Outcome } from '../transport/pool';
import { DEFAULT_CONCURRENCY } from './descriptions';

/** The text of an error for an error item, without stack or request details. */
export function errorItemJson(error: Error): IDataObject {
	const out: IDataObject = { error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description !== '') out.description = description;
	const httpCode = (error as { httpCode?: unknown }).httpCode;
	if (httpCode) out.httpCode = httpCode as string;
	return out;
}

/** The outcome of a promise as a value, so a failure can be turned into error items. */
export async function outcomeOf<T>(promise: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error: error as Error };
	}
}

/** Adds a sentence to an error's description. */
export function addToDescription(error: Error, text: string) {
	const described = error as { description?: string | null };
	described.description = [described.description, text].filter(Boolean).join(' ');
}

/** A per-item operation in two steps, so that every item is checked before the first request. */
export interface PerItemOperation<T> {
	/** Reads and checks one item's parameters; sends nothing. Throws an error naming parameter and item. */
	prepare: (itemIndex: number) => T;
	/** Sends one prepared item and returns its output. */
	send: (prepared: T, itemIndex: number) => Promise<IDataObject[]>;
}

/**
 * Checks every item, then sends the good ones, a bounded number at once; output in input order, each
 * output paired to its input item. Without Continue On Fail one bad item fails the run before anything is
 * sent, and a failed request stops the run with an error that lists which items already went out. With
 * it, every failing item becomes an error item and the others go on.
 */
export async function runPerItem<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: PerItemOperation<T>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const checked: Array<Outcome<T>> = items.map((_, itemIndex) => {
		try {
			return { ok: true, value: operation.prepare(itemIndex) };
		} catch (error) {
			return { ok: false, error: error as Error };
		}
	});
	const bad = checked.flatMap((outcome, itemIndex) => (outcome.ok ? [] : [itemIndex]));
	if (bad.length > 0 && !continueOnFail) {
		const first = checked[bad[0]] as { ok: false; error: Error };
		addToDescription(
			first.error,
			bad.length > 1
				? `${bad.length - 1} more item(s) have problems too. Nothing was sent.`
				: 'Nothing was sent.',
		);
		throw first.error;
	}

	const good = checked.flatMap((outcome, itemIndex) => (outcome.ok ? [itemIndex] : []));
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = Math.max(
		1,
		Number(options.concurrency ?? DEFAULT_CONCURRENCY) || DEFAULT_CONCURRENCY,
	);
	const sent = await runBounded(
		ctx,
		good.length,
		concurrency,
		async (job) => {
			const itemIndex = good[job];
			return await operation.send((checked[itemIndex] as { ok: true; value: T }).value, itemIndex);
		},
		!continueOnFail,
	);
	const outcomes: Array<Outcome<IDataObject[]> | undefined> = checked.map((outcome) =>
		outcome.ok ? undefined : outcome,
	);
	good.forEach((itemIndex, job) => (outcomes[itemIndex] = sent[job]));

	if (!continueOnFail) {
		const failed = good.filter((itemIndex) => outcomes[itemIndex]?.ok === false);
		if (failed.length > 0) {
			const error = (outcomes[failed[0]] as { ok: false; error: Error }).error;
			if (items.length > 1) {
				addToDescription(
					error,
					stoppedRunNote({
						sent: good.filter((itemIndex) => outcomes[itemIndex]?.ok === true),
						alsoFailed: failed.slice(1),
						notSent: good.filter((itemIndex) => outcomes[itemIndex] === undefined),
					}),
				);
			}
			throw error;
		}
	}

	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (!outcome) return;
		if (outcome.ok) {
			for (const json of outcome.value) output.push({ json, pairedItem: { item: itemIndex } });
		} else {
			output.push({ json: errorItemJson(outcome.error), pairedItem: { item: itemIndex } });
		}
	});
	return output;
}
