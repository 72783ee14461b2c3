import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as apiRequest from './actions/apiRequest/ApiRequest.resource';
import * as call from './actions/call/Call.resource';
import { router } from './actions/router';
import * as whatsAppTemplate from './actions/whatsAppTemplate/WhatsAppTemplate.resource';
import * as workflowTask from './actions/workflowTask/WorkflowTask.resource';

export class Airudder implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AIRudder',
		name: 'airudder',
		icon: { light: 'file:airudder.svg', dark: 'file:airudder.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Start AIRudder voice-bot workflow tasks, add contacts, read call results and send WhatsApp template messages',
		defaults: { name: 'AIRudder' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'airudderApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'API Request', value: 'apiRequest' },
					{ name: 'Call', value: 'call' },
					{ name: 'WhatsApp Template', value: 'whatsAppTemplate' },
					{ name: 'Workflow Task', value: 'workflowTask' },
				],
				default: 'workflowTask',
			},
			...workflowTask.description,
			...call.description,
			...whatsAppTemplate.description,
			...apiRequest.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
