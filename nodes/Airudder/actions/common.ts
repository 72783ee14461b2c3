import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { calleeForm, phoneProblemText, readPhone } from '../helpers/phone';
import { stoppedRunNote } from '../helpers/sentItems';
import { runBounded, type Outcome } from '../transport/pool';

export const DEFAULT_CONCURRENCY = 5;

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: DEFAULT_CONCURRENCY,
	description:
		'How many requests to AIRudder may run at once, one per input item. 1 sends them strictly one after another. AIRudder rate limits slow the node down automatically.',
};

/** The Options collection of a per-item operation: Concurrency and the operation's own options. */
export function perItemOptions(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [concurrencyOption, ...extra],
	};
}

/** A repeatable name/value list; read it with readNameValues(ctx, `${name}.${entry}`, itemIndex). */
export function nameValueList(
	field: { displayName: string; name: string; placeholder: string; description?: string },
	entry: { displayName: string; name: string },
): INodeProperties {
	return {
		...field,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: [
			{
				...entry,
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

/** The rows of a name/value list with a non-empty name, names trimmed. */
export function readNameValues(
	ctx: IExecuteFunctions,
	path: string,
	itemIndex: number,
): Array<[string, unknown]> {
	const rows = (ctx.getNodeParameter(path, itemIndex, []) as IDataObject[]) ?? [];
	return rows
		.map((row): [string, unknown] => [String(row.name ?? '').trim(), row.value])
		.filter(([name]) => name !== '');
}

/**
 * A phone number by the one phone rule (helpers/phone.ts) as digits, or a NodeOperationError naming the
 * parameter and the item.
 */
export function requirePhoneDigits(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	label = 'Phone',
	kind = 'phone number',
): string {
	const reading = readPhone(raw);
	if (reading.ok) return reading.digits;
	if (reading.problem === 'empty') {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty in item ${itemIndex}`, {
			itemIndex,
			description: `Map the phone number into "${label}", e.g. {{ $json.phone }}.`,
		});
	}
	const shown = typeof raw === 'string' ? raw.trim() : String(raw);
	const article = /^[aeiou]/i.test(kind) ? 'an' : 'a';
	throw new NodeOperationError(
		ctx.getNode(),
		`${label} "${shown}" in item ${itemIndex} is not ${article} valid ${kind}`,
		{
			itemIndex,
			description: `${phoneProblemText(reading.problem)} Use the country code and the number, 8 to 15 digits, e.g. +6281234567890.`,
		},
	);
}

/** A contact's phone number (callee): + and country code. */
export function requirePhone(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	label = 'Phone',
): string {
	return calleeForm(requirePhoneDigits(ctx, raw, itemIndex, label));
}

/** Return All / Limit of an item: undefined for all, else the most results to return. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return Number(ctx.getNodeParameter('limit', itemIndex, 50));
}

/** Applies Return All / Limit to a list that AIRudder returned whole. */
export function applyLimit<T>(list: T[], limit: number | undefined): T[] {
	return limit === undefined ? list : list.slice(0, limit);
}

export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The text of an error for an error item, without stack or request details. */
export function errorJson(error: Error): IDataObject {
	const out: IDataObject = { error: error.message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description !== '') out.description = description;
	const httpCode = (error as { httpCode?: unknown }).httpCode;
	if (httpCode) out.httpCode = httpCode as string;
	return out;
}

/** The outcome of a promise as a value, so a failure can be turned into error items. */
export async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error: error as Error };
	}
}

/** A required string parameter, trimmed; empty fails before any request, naming parameter and item. */
export function requiredString(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty in item ${itemIndex}`, {
			itemIndex,
			description: `Fill in "${label}" or map it from the input, e.g. with an expression.`,
		});
	}
	return text;
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
			output.push({ json: errorJson(outcome.error), pairedItem: { item: itemIndex } });
		}
	});
	return output;
}
