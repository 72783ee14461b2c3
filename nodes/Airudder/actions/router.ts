import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as apiRequest from './apiRequest/ApiRequest.resource';
import * as call from './call/Call.resource';
import * as whatsAppTemplate from './whatsAppTemplate/WhatsAppTemplate.resource';
import * as workflowTask from './workflowTask/WorkflowTask.resource';

type OperationModule = {
	execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
};

const resources: Record<string, Record<string, OperationModule>> = {
	workflowTask: {
		create: workflowTask.create,
		addContacts: workflowTask.addContacts,
		findByCaseIdOrPhone: workflowTask.findByCaseIdOrPhone,
	},
	call: {
		getOutboundTaskDetails: call.getOutboundTaskDetails,
		getApiNodeData: call.getApiNodeData,
	},
	whatsAppTemplate: { send: whatsAppTemplate.send },
	apiRequest: { request: apiRequest.request },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return [await module.execute.call(this, items)];
}
