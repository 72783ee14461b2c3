import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { buildContact, CONTACT_FIELDS } from '../../helpers/contactRecord';
import { nameValueList } from '../descriptions';
import { readNameValues, requirePhone } from '../parameters';
import { errorItemJson } from '../perItemRunner';

/** AIRudder caps one workflow task at this many contacts (shared API reference, [3rd]). */
export const MAX_CONTACTS_PER_TASK = 10_000;

/** Contact mapping, shared by Create and Add Contacts: each input item is one contact. */
export const contactProperties: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '={{ $json.phone }}',
		placeholder: '+6281234567890',
		description:
			'Phone number to call, with + and country code. Spaces, dashes and brackets are removed; 8 to 15 digits.',
	},
	{
		displayName: 'Contact Fields',
		name: 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: "Fields of AIRudder's contact record; the voice bot and callbacks can use them",
		options: CONTACT_FIELDS.map((field) => ({
			displayName: field.displayName,
			name: field.name,
			type: 'string' as const,
			default: '',
			description: field.description,
		})).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	nameValueList(
		{
			displayName: 'Variables',
			name: 'variables',
			placeholder: 'Add Variable',
			description: "Custom variables the workflow template uses, sent as the contact's variables",
		},
		{ displayName: 'Variable', name: 'variable' },
	),
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONTACTS_PER_TASK },
		default: 500,
		description: 'How many contacts go in one request to AIRudder',
	},
];

export interface ContactEntry {
	itemIndex: number;
	contact: IDataObject;
}

export interface CollectedContacts {
	contacts: ContactEntry[];
	errors: Array<{ itemIndex: number; error: NodeOperationError }>;
}

/** Reads one contact per item; bad ones become errors naming the parameter and item. */
export function collectContacts(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): CollectedContacts {
	const node = ctx.getNode();
	const result: CollectedContacts = { contacts: [], errors: [] };
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const phone = requirePhone(ctx, ctx.getNodeParameter('phone', itemIndex, ''), itemIndex);
			const fields = ctx.getNodeParameter('contactFields', itemIndex, {}) as IDataObject;
			const variables = Object.fromEntries(
				readNameValues(ctx, 'variables.variable', itemIndex),
			) as IDataObject;
			result.contacts.push({ itemIndex, contact: buildContact(phone, fields, variables) });
		} catch (error) {
			const wrapped =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(node, error as Error, { itemIndex });
			result.errors.push({ itemIndex, error: wrapped });
		}
	}
	return result;
}

/**
 * Contacts of all items, checked before anything is sent: bad ones stop the run (or, with Continue On
 * Fail, become error items paired to their items); more than a task holds stops it too.
 */
export function prepareContacts(ctx: IExecuteFunctions, items: INodeExecutionData[]) {
	const collected = collectContacts(ctx, items);
	failOnBadContacts(ctx, collected);
	checkTaskLimit(ctx, collected.contacts.length);
	const errorItems = collected.errors.map(({ itemIndex, error }) => ({
		json: errorItemJson(error),
		pairedItem: { item: itemIndex },
	}));
	if (collected.contacts.length === 0 && errorItems.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No contacts in the input', {
			description: 'The node needs at least one input item with a phone number.',
		});
	}
	return { contacts: collected.contacts, errorItems };
}

/** Without Continue On Fail, the first bad contact stops the run before anything is sent. */
export function failOnBadContacts(ctx: IExecuteFunctions, collected: CollectedContacts) {
	if (collected.errors.length > 0 && !ctx.continueOnFail()) {
		const first = collected.errors[0].error;
		if (collected.errors.length > 1) {
			first.description =
				`${first.description ?? ''} ${collected.errors.length - 1} more item(s) have the same kind of problem; nothing was sent.`.trim();
		}
		throw first;
	}
}

export function checkTaskLimit(ctx: IExecuteFunctions, count: number) {
	if (count > MAX_CONTACTS_PER_TASK) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${count.toLocaleString('en-US')} contacts is more than one AIRudder workflow task holds (${MAX_CONTACTS_PER_TASK.toLocaleString('en-US')})`,
			{
				description:
					'Nothing was sent. Split the contacts into several tasks, e.g. with a Loop Over Items node of 10,000 items each.',
			},
		);
	}
}
