import type { INodeProperties } from 'n8n-workflow';

/** Property descriptions shared by the operations: Options with Concurrency, name/value lists, Limit. */

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
