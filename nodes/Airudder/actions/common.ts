import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { calleeForm, phoneProblemText, readPhone } from '../helpers/phone';
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

/** Applies Return All / Limit to a list that AIRudder returned whole. */
export function applyLimit<T>(ctx: IExecuteFunctions, list: T[], itemIndex: number): T[] {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return list;
	return list.slice(0, Number(ctx.getNodeParameter('limit', itemIndex, 50)));
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

/**
 * One call of fn per input item, a bounded number at once, output in input order, each output paired
 * to its input item. With Continue On Fail a failing item becomes an error item and the others go on.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	fn: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = Math.max(
		1,
		Number(options.concurrency ?? DEFAULT_CONCURRENCY) || DEFAULT_CONCURRENCY,
	);
	const continueOnFail = ctx.continueOnFail();
	const outcomes = await runBounded(ctx, items.length, concurrency, fn, !continueOnFail);
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome.ok) {
			for (const json of outcome.value) output.push({ json, pairedItem: { item: itemIndex } });
		} else {
			output.push({ json: errorJson(outcome.error), pairedItem: { item: itemIndex } });
		}
	});
	return output;
}
