import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['whatsAppTemplate'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description:
					'Send a real WhatsApp template message to the receivers and start a chatbot on replies',
				action: 'Send a template message',
			},
		],
		default: 'send',
	},
	...send.description,
];
