import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { formatPlain, isValidZone, parseDateTime } from '../../helpers/time';
import { ENDPOINTS } from '../../transport/endpoints';
import { listInData } from '../../transport/pagination';
import { airudderRequest } from '../../transport/request';
import { perItemOptions, returnAllAndLimit } from '../descriptions';
import { applyLimit, optionalString, readLimit, requirePhone } from '../parameters';
import { runPerItem } from '../perItemRunner';

const properties: INodeProperties[] = [
	{
		displayName: 'Case ID',
		name: 'caseId',
		type: 'string',
		default: '',
		description:
			'The case_id given when the contact was uploaded. Fill in Case ID, Phone, or both.',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: '+6281234567890',
		description: "The contact's phone number (callee) with + and country code",
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		required: true,
		default: '={{ $now.minus({ days: 7 }).toISO() }}',
		description: 'Look at tasks from this time on',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '={{ $now.toISO() }}',
		description: 'Look at tasks up to this time',
	},
	...returnAllAndLimit(),
	perItemOptions([
		{
			displayName: 'Timezone',
			name: 'timezone',
			type: 'string',
			default: '',
			placeholder: 'Asia/Jakarta',
			description: "IANA timezone AIRudder reads the times in. Empty uses the workflow's timezone.",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflowTask'], operation: ['findByCaseIdOrPhone'] } },
	properties,
);

function prepareLookup(ctx: IExecuteFunctions, itemIndex: number) {
	const node = ctx.getNode();
	const caseId = optionalString(ctx, 'caseId', itemIndex);
	const rawPhone = ctx.getNodeParameter('phone', itemIndex, '') as unknown;
	const phoneGiven = !(
		rawPhone === undefined ||
		rawPhone === null ||
		String(rawPhone).trim() === ''
	);
	if (caseId === '' && !phoneGiven) {
		throw new NodeOperationError(node, `Case ID and Phone are both empty in item ${itemIndex}`, {
			itemIndex,
			description: 'Fill in at least one of them.',
		});
	}
	const body: IDataObject = {};
	if (caseId !== '') body.case_id = caseId;
	if (phoneGiven) body.callee = requirePhone(ctx, rawPhone, itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const zone = String(options.timezone || ctx.getTimezone());
	if (!isValidZone(zone)) {
		throw new NodeOperationError(node, `Timezone "${zone}" is not a valid IANA timezone`, {
			itemIndex,
		});
	}
	for (const [param, key, label] of [
		['startTime', 'start_time', 'Start Time'],
		['endTime', 'end_time', 'End Time'],
	] as const) {
		const raw = ctx.getNodeParameter(param, itemIndex, '') as unknown;
		const parsed = parseDateTime(raw, zone);
		if (!parsed) {
			throw new NodeOperationError(
				node,
				`${label} "${String(raw)}" in item ${itemIndex} is not a date and time`,
				{ itemIndex },
			);
		}
		body[key] = formatPlain(parsed, zone);
	}
	return { body, limit: readLimit(ctx, itemIndex) };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, {
		prepare: (itemIndex) => prepareLookup(this, itemIndex),
		send: async ({ body, limit }, itemIndex) => {
			const envelope = await airudderRequest.call(this, {
				endpoint: ENDPOINTS.findWorkflowTasks,
				body,
				itemIndex,
			});
			return applyLimit(listInData(envelope.data), limit);
		},
	});
}
