import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ENDPOINTS } from '../../transport/endpoints';
import { listInData } from '../../transport/pagination';
import { airudderRequest } from '../../transport/request';
import { perItemOptions, returnAllAndLimit } from '../descriptions';
import { applyLimit, optionalString, readLimit, requiredString, requirePhone } from '../parameters';
import { runPerItem } from '../perItemRunner';

const properties: INodeProperties[] = [
	{
		displayName: 'Workflow Task ID',
		name: 'workflowId',
		type: 'string',
		required: true,
		default: '',
		description: 'The workflow_id of the task',
	},
	{
		displayName: 'API Node ID',
		name: 'nodeId',
		type: 'string',
		required: true,
		default: '',
		description:
			'The node_id of the API node in the workflow template (sent in the API node push callback)',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+6281234567890',
		description: "The contact's phone number (callee) with + and country code",
	},
	{
		displayName: 'Case ID',
		name: 'caseId',
		type: 'string',
		default: '',
		description: "The contact's case_id, to tell apart contacts sharing a phone number",
	},
	...returnAllAndLimit(),
	perItemOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['getApiNodeData'] } },
	properties,
);

function prepareQuery(ctx: IExecuteFunctions, itemIndex: number) {
	const workflowId = requiredString(ctx, 'workflowId', 'Workflow Task ID', itemIndex);
	const nodeId = requiredString(ctx, 'nodeId', 'API Node ID', itemIndex);
	const phone = requirePhone(ctx, ctx.getNodeParameter('phone', itemIndex, ''), itemIndex);
	const body: IDataObject = { workflow_id: workflowId, node_id: nodeId, callee: phone };
	const caseId = optionalString(ctx, 'caseId', itemIndex);
	if (caseId !== '') body.case_id = caseId;
	return { body, limit: readLimit(ctx, itemIndex) };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, {
		prepare: (itemIndex) => prepareQuery(this, itemIndex),
		send: async ({ body, limit }, itemIndex) => {
			const envelope = await airudderRequest.call(this, {
				endpoint: ENDPOINTS.apiNodeData,
				body,
				itemIndex,
			});
			return applyLimit(listInData(envelope.data), limit);
		},
	});
}
