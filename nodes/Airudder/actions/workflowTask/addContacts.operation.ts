import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { uploadContactBatches } from '../../transport/batching';
import { contactProperties, prepareContacts } from './contactItems';
import { addToDescription } from '../perItemRunner';
import { failedBatchItems, stoppedUploadNote } from './batchFailure';

const properties: INodeProperties[] = [
	{
		displayName: 'Workflow Task ID',
		name: 'workflowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5d2c7a0e91b84f3fa1c6a9e0d4b7c213',
		description: 'The workflow_id of the task, as returned by Create or sent in AIRudder callbacks',
	},
	...contactProperties,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflowTask'], operation: ['addContacts'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const workflowId = String(this.getNodeParameter('workflowId', 0, '')).trim();
	if (workflowId === '') {
		throw new NodeOperationError(this.getNode(), 'Workflow Task ID is empty', {
			itemIndex: 0,
			description: 'Map workflow_id from the output of Create or from a callback.',
		});
	}
	const batchSize = Number(this.getNodeParameter('batchSize', 0, 500));
	const { contacts, errorItems } = prepareContacts(this, items);
	if (contacts.length === 0) return errorItems;

	const report = await uploadContactBatches.call(this, workflowId, contacts, batchSize);
	if (report.failed && !this.continueOnFail()) {
		const { error } = report.failed;
		addToDescription(
			error,
			stoppedUploadNote({
				workflowId,
				sent: report.sent.length,
				total: contacts.length,
				nextItem: report.failed.entries[0].itemIndex,
				taskCreated: false,
			}),
		);
		throw error;
	}
	const output: INodeExecutionData[] = [];
	if (report.sent.length > 0) {
		output.push({
			json: {
				workflow_id: workflowId,
				contacts_sent: report.sent.length,
				requests: report.requests,
			},
			pairedItem: report.sent.map((entry) => ({ item: entry.itemIndex })),
		});
	}
	return [...output, ...errorItems, ...failedBatchItems(report.failed, workflowId)];
}
