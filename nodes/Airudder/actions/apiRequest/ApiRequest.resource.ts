import type { INodeProperties } from 'n8n-workflow';

import * as request from './request.operation';

export { request };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apiRequest'] } },
		options: [
			{
				name: 'Send Request',
				value: 'request',
				description:
					'Call any AIRudder endpoint by method and path; a POST may create or send real things',
				action: 'Send an API request',
			},
		],
		default: 'request',
	},
	...request.description,
];
