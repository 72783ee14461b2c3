import type { INodeProperties } from 'n8n-workflow';

import * as getApiNodeData from './getApiNodeData.operation';
import * as getOutboundTaskDetails from './getOutboundTaskDetails.operation';

export { getApiNodeData, getOutboundTaskDetails };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Get API Node Data',
				value: 'getApiNodeData',
				description:
					"Read again what a workflow's custom API node pushed for a contact (read only)",
				action: 'Get API node data',
			},
			{
				name: 'Get Outbound Task Details',
				value: 'getOutboundTaskDetails',
				description:
					'Get the call records of an outbound call task: result, intention, transcript (read only)',
				action: 'Get outbound task details',
			},
		],
		default: 'getOutboundTaskDetails',
	},
	...getOutboundTaskDetails.description,
	...getApiNodeData.description,
];
