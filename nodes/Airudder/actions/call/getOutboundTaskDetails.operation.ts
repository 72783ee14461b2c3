import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ENDPOINTS } from '../../transport/endpoints';
import { fetchPages } from '../../transport/pagination';
import { perItemOptions, returnAllAndLimit } from '../descriptions';
import { requiredString } from '../parameters';
import { runPerItem } from '../perItemRunner';

const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		description:
			"The call task's task_id: in the Workflow Status Changed callback (actions[].task_id) or call_task_id in Create output",
	},
	...returnAllAndLimit(),
	perItemOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['getOutboundTaskDetails'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, {
		prepare: (itemIndex) => {
			const taskId = requiredString(this, 'taskId', 'Task ID', itemIndex);
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll ? 0 : Number(this.getNodeParameter('limit', itemIndex, 50));
			return { taskId, returnAll, limit };
		},
		send: async ({ taskId, returnAll, limit }, itemIndex) => {
			const body: IDataObject = { task_id: taskId };
			return await fetchPages.call(this, {
				endpoint: ENDPOINTS.outboundTaskDetails,
				body,
				itemIndex,
				returnAll,
				limit,
				pageSize: PAGE_SIZE,
			});
		},
	});
}
