import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { formatWithOffset, isValidZone, parseDateTime } from '../../helpers/time';
import { inBatches, uploadContactBatches } from '../../transport/batching';
import { ENDPOINTS } from '../../transport/endpoints';
import { airudderRequest } from '../../transport/request';
import { addToDescription, errorItemJson, outcomeOf } from '../perItemRunner';
import { contactProperties, prepareContacts } from './contactItems';
import { failedBatchItems, stoppedUploadNote } from './batchFailure';

const properties: INodeProperties[] = [
	{
		displayName: 'Workflow Template ID',
		name: 'workflowTemplateId',
		type: 'number',
		required: true,
		default: 0,
		description: 'ID of the workflow template in the AIRudder console that the task runs',
	},
	{
		displayName: 'Task Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'collection_20261121_batch1',
		description: 'Unique name of the new task; AIRudder accepts letters, digits and underscores',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'When the task stops calling. A time without an offset is read in the Timezone option.',
	},
	...contactProperties,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Auto Finish',
				name: 'autoFinish',
				type: 'options',
				options: [
					{ name: '1', value: 1 },
					{ name: '2 (AIRudder Default)', value: 2 },
				],
				default: 2,
				description: "AIRudder's auto_finish value for the task",
			},
			{
				displayName: 'Timezone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Asia/Jakarta',
				description:
					"IANA timezone for End Time when it has no offset. Empty uses the workflow's timezone.",
			},
			{
				displayName: 'Workflow Name',
				name: 'workflowName',
				type: 'string',
				default: '',
				description: 'Sent as workflow_name',
			},
			{
				displayName: 'Workflow Template Name',
				name: 'workflowTemplateName',
				type: 'string',
				default: '',
				description: 'Sent as workflow_template_name',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflowTask'], operation: ['create'] } },
	properties,
);

function taskSettings(ctx: IExecuteFunctions): IDataObject {
	const node = ctx.getNode();
	const workflowTemplateId = Number(ctx.getNodeParameter('workflowTemplateId', 0));
	if (!Number.isInteger(workflowTemplateId) || workflowTemplateId <= 0) {
		throw new NodeOperationError(node, 'Workflow Template ID must be a positive whole number', {
			itemIndex: 0,
			description: 'Copy the template ID from the AIRudder console.',
		});
	}
	const name = String(ctx.getNodeParameter('name', 0, '')).trim();
	if (name === '') {
		throw new NodeOperationError(node, 'Task Name is empty', {
			itemIndex: 0,
			description: 'Give the task a unique name.',
		});
	}
	const additional = ctx.getNodeParameter('additionalFields', 0, {}) as IDataObject;
	const zone = String(additional.timezone || ctx.getTimezone());
	if (!isValidZone(zone)) {
		throw new NodeOperationError(node, `Timezone "${zone}" is not a valid IANA timezone`, {
			itemIndex: 0,
			description: 'Use a name like Asia/Jakarta or Europe/Berlin.',
		});
	}
	const rawEnd = ctx.getNodeParameter('endTime', 0, '') as unknown;
	const end = parseDateTime(rawEnd, zone);
	if (!end) {
		throw new NodeOperationError(node, `End Time "${String(rawEnd)}" is not a date and time`, {
			itemIndex: 0,
			description: 'Pick a date and time, e.g. 2026-12-01T18:00:00.',
		});
	}
	if (end.toMillis() <= Date.now()) {
		throw new NodeOperationError(node, `End Time ${end.toISO()} is in the past`, {
			itemIndex: 0,
			description: 'The task stops calling at End Time, so it must be in the future.',
		});
	}
	const body: IDataObject = {
		workflow_template_id: workflowTemplateId,
		name,
		end_time: formatWithOffset(end),
		auto_finish: Number(additional.autoFinish ?? 2),
	};
	if (additional.workflowName) body.workflow_name = additional.workflowName;
	if (additional.workflowTemplateName)
		body.workflow_template_name = additional.workflowTemplateName;
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const settings = taskSettings(this);
	const batchSize = Number(this.getNodeParameter('batchSize', 0, 500));
	const { contacts, errorItems } = prepareContacts(this, items);
	if (contacts.length === 0) return errorItems;

	const [first, ...rest] = inBatches(contacts, batchSize);
	const creation = await outcomeOf(
		airudderRequest.call(this, {
			endpoint: ENDPOINTS.createWorkflowTask,
			body: { ...settings, details: first.map((entry) => entry.contact) },
			itemIndex: first[0].itemIndex,
		}),
	);
	if (!creation.ok) {
		if (!this.continueOnFail()) throw creation.error;
		const json = errorItemJson(creation.error);
		return [
			...contacts.map((entry) => ({ json, pairedItem: { item: entry.itemIndex } })),
			...errorItems,
		].sort((a, b) => a.pairedItem.item - b.pairedItem.item);
	}
	const created = (creation.value.data ?? {}) as IDataObject;

	const workflowId = String(created.workflow_id ?? '');
	const restEntries = rest.flat();
	const report = restEntries.length
		? await uploadContactBatches.call(this, workflowId, restEntries, batchSize)
		: { sent: [], requests: 0, failed: undefined };
	const sentEntries = [...first, ...report.sent];
	if (report.failed && !this.continueOnFail()) {
		const { error } = report.failed;
		addToDescription(
			error,
			stoppedUploadNote({
				workflowId,
				sent: sentEntries.length,
				total: contacts.length,
				nextItem: report.failed.entries[0].itemIndex,
				taskCreated: true,
			}),
		);
		throw error;
	}

	const summary: INodeExecutionData = {
		json: {
			...created,
			workflow_id: workflowId,
			name: settings.name,
			end_time: settings.end_time,
			contacts_sent: sentEntries.length,
			requests: 1 + report.requests,
		},
		pairedItem: sentEntries.map((entry) => ({ item: entry.itemIndex })),
	};
	return [summary, ...errorItems, ...failedBatchItems(report.failed, workflowId)];
}
