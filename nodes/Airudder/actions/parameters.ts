import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { calleeForm, phoneProblemText, readPhone } from '../helpers/phone';

/** Readers of node parameters that check them: a bad value fails naming the parameter and the item. */

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

/** An optional string parameter, trimmed ('' when empty). */
export function optionalString(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
}
