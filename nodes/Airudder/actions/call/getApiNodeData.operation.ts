import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { normalisePhone } from '../../helpers/contacts';
import { ENDPOINTS } from '../../transport/endpoints';
import { listOf } from '../../transport/pagination';
import { airudderRequest } from '../../transport/request';
import { concurrencyOption, requiredString, returnAllAndLimit, runPerItem } from '../common';

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
		description: 'The node_id of the API node in the workflow template (sent in the API node push callback)',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+6281234567890',
		description: 'The contact\'s phone number (callee) with + and country code',
	},
	{
		displayName: 'Case ID',
		name: 'caseId',
		type: 'string',
		default: '',
		description: 'The contact\'s case_id, to tell apart contacts sharing a phone number',
	},
	...returnAllAndLimit(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [concurrencyOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['getApiNodeData'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (itemIndex) => {
		const workflowId = requiredString(this, 'workflowId', 'Workflow Task ID', itemIndex);
		const nodeId = requiredString(this, 'nodeId', 'API Node ID', itemIndex);
		const rawPhone = requiredString(this, 'phone', 'Phone', itemIndex);
		const phone = normalisePhone(rawPhone, true);
		if (!phone) {
			throw new NodeOperationError(this.getNode(), `Phone "${rawPhone}" in item ${itemIndex} is not a valid phone number`, {
				itemIndex,
				description: 'Use + and the country code followed by 8 to 15 digits.',
			});
		}
		const body: IDataObject = { workflow_id: workflowId, node_id: nodeId, callee: phone };
		const caseId = String(this.getNodeParameter('caseId', itemIndex, '') ?? '').trim();
		if (caseId !== '') body.case_id = caseId;
		const envelope = await airudderRequest.call(this, { endpoint: ENDPOINTS.apiNodeData, body, itemIndex });
		const records = listOf(envelope.data);
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		return returnAll ? records : records.slice(0, Number(this.getNodeParameter('limit', itemIndex, 50)));
	});
}
