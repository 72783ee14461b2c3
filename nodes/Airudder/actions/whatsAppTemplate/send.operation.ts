import { DateTime } from 'luxon';
import {
	NodeOperationError,
	jsonParse,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { toStringValue } from '../../helpers/stringValue';
import { whatsAppForm } from '../../helpers/phone';
import { ENDPOINTS } from '../../transport/endpoints';
import { airudderRequest } from '../../transport/request';
import { nameValueList, perItemOptions } from '../descriptions';
import { readNameValues, requiredString, requirePhoneDigits } from '../parameters';
import { runPerItem } from '../perItemRunner';

const properties: INodeProperties[] = [
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'number',
		required: true,
		default: 0,
		description: 'ID of the approved WhatsApp template in AIRudder',
	},
	{
		displayName: 'WABA Account (Channel ID)',
		name: 'channelId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '62895422536400',
		description: "The WhatsApp Business account that owns the template (AIRudder's channel_id)",
	},
	{
		displayName: 'Receivers',
		name: 'receivers',
		type: 'string',
		required: true,
		default: '={{ $json.phone }}',
		placeholder: '+6281234567890, +6289876543210',
		description:
			'WhatsApp numbers to send to, separated by commas. Each is sent with its country code.',
	},
	nameValueList(
		{
			displayName: 'Template Variables',
			name: 'templateVariables',
			placeholder: 'Add Variable',
			description:
				"Values for the template's variables; a variable left out uses the template's sample value",
		},
		{ displayName: 'Variable', name: 'variable' },
	),
	{
		displayName: 'Chatbot',
		name: 'chatbotMode',
		type: 'options',
		options: [
			{
				name: 'Robot ID and Version',
				value: 'fields',
				description: 'Name the chatbot that answers replies',
			},
			{ name: 'Raw JSON', value: 'json', description: "Write AIRudder's custom object yourself" },
		],
		default: 'fields',
	},
	{
		displayName: 'Robot ID',
		name: 'robotId',
		type: 'number',
		required: true,
		default: 0,
		description: 'ID of the chatbot (robot_id) that handles the conversation',
		displayOptions: { show: { chatbotMode: ['fields'] } },
	},
	{
		displayName: 'Robot Version ID',
		name: 'robotVersionId',
		type: 'number',
		default: 0,
		description: 'Version of the chatbot (robot_version_id). 0 leaves it out.',
		displayOptions: { show: { chatbotMode: ['fields'] } },
	},
	{
		displayName: 'Custom (JSON)',
		name: 'customJson',
		type: 'json',
		required: true,
		default: '{\n  "robot_id": 3927,\n  "robot_version_id": 2612\n}',
		description: 'The object AIRudder expects in custom; the node sends it as a JSON string',
		displayOptions: { show: { chatbotMode: ['json'] } },
	},
	perItemOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsAppTemplate'], operation: ['send'] } },
	properties,
);

function receiversOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const raw = ctx.getNodeParameter('receivers', itemIndex, '') as unknown;
	const list = Array.isArray(raw)
		? raw
		: typeof raw === 'number'
			? [raw]
			: String(raw ?? '').split(/[,;\n]/);
	const receivers: IDataObject[] = [];
	for (const entry of list) {
		if (entry === undefined || entry === null || (typeof entry === 'string' && entry.trim() === ''))
			continue;
		const digits = requirePhoneDigits(ctx, entry, itemIndex, 'Receiver', 'WhatsApp number');
		receivers.push({ id: whatsAppForm(digits) });
	}
	if (receivers.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `Receivers is empty in item ${itemIndex}`, {
			itemIndex,
			description: 'Give at least one WhatsApp number.',
		});
	}
	return receivers;
}

function customOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const node = ctx.getNode();
	if (ctx.getNodeParameter('chatbotMode', itemIndex) === 'json') {
		const raw = ctx.getNodeParameter('customJson', itemIndex) as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = jsonParse(raw);
			} catch {
				throw new NodeOperationError(node, `Custom (JSON) in item ${itemIndex} is not valid JSON`, {
					itemIndex,
					description: 'Write an object such as {"robot_id": 3927, "robot_version_id": 2612}.',
				});
			}
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !('robot_id' in parsed)) {
			throw new NodeOperationError(
				node,
				`Custom (JSON) in item ${itemIndex} must be an object with robot_id`,
				{
					itemIndex,
					description: 'Write an object such as {"robot_id": 3927, "robot_version_id": 2612}.',
				},
			);
		}
		return JSON.stringify(parsed);
	}
	const robotId = Number(ctx.getNodeParameter('robotId', itemIndex));
	if (!Number.isInteger(robotId) || robotId <= 0) {
		throw new NodeOperationError(
			node,
			`Robot ID in item ${itemIndex} must be a positive whole number`,
			{ itemIndex },
		);
	}
	const custom: IDataObject = { robot_id: robotId };
	const version = Number(ctx.getNodeParameter('robotVersionId', itemIndex, 0));
	if (version > 0) custom.robot_version_id = version;
	return JSON.stringify(custom);
}

/** Everything of one item's message but the timestamp, which is taken when it is sent. */
function prepareMessage(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const templateId = Number(ctx.getNodeParameter('templateId', itemIndex));
	if (!Number.isInteger(templateId) || templateId <= 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Template ID in item ${itemIndex} must be a positive whole number`,
			{ itemIndex },
		);
	}
	const channelId = requiredString(ctx, 'channelId', 'WABA Account (Channel ID)', itemIndex);
	const receivers = receiversOf(ctx, itemIndex);
	const custom = customOf(ctx, itemIndex);
	const variable: IDataObject = {};
	for (const [name, raw] of readNameValues(ctx, 'templateVariables.variable', itemIndex)) {
		const value = toStringValue(raw);
		if (value !== undefined) variable[name] = value;
	}
	return {
		template_id: templateId,
		channel: 'WhatsApp',
		channel_id: channelId,
		receivers,
		template: Object.keys(variable).length > 0 ? [{ variable }] : [],
		custom,
	};
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, {
		prepare: (itemIndex) => prepareMessage(this, itemIndex),
		send: async (message, itemIndex) => {
			const body: IDataObject = {
				template_id: message.template_id,
				timestamp: Math.floor(DateTime.now().toSeconds()),
				...message,
			};
			const envelope = await airudderRequest.call(this, {
				endpoint: ENDPOINTS.sendTemplate,
				body,
				itemIndex,
			});
			const data = (envelope.data ?? {}) as IDataObject;
			const receivers = (message.receivers as IDataObject[]).map((r) => r.id);
			return [{ ...data, request_id: envelope.request_id, receivers }];
		},
	});
}
