import {
	NodeOperationError,
	jsonParse,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { listInData } from '../../transport/pagination';
import { airudderAnswer } from '../../transport/request';
import { isPlainPath } from '../../transport/url';
import { nameValueList, perItemOptions } from '../descriptions';
import { readNameValues, requiredString } from '../parameters';
import { runPerItem } from '../perItemRunner';

const properties: INodeProperties[] = [
	{
		displayName:
			"Reaches any AIRudder endpoint with the credential's token (or, for /api/ paths, the Chatbot API Key) and AIRudder's error handling. Use it for endpoints the node has no operation for yet.",
		name: 'apiRequestNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'POST',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: '/service/cloud/workflow/taskdetail',
		description: 'Path after the Base URL, starting with /',
	},
	nameValueList(
		{ displayName: 'Query Parameters', name: 'queryParameters', placeholder: 'Add Parameter' },
		{ displayName: 'Parameter', name: 'parameter' },
	),
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '{}',
		description: 'JSON object sent as the request body (not sent with GET)',
		displayOptions: { hide: { method: ['GET'] } },
	},
	perItemOptions([
		{
			displayName: 'Full Response',
			name: 'fullResponse',
			type: 'boolean',
			default: false,
			description:
				"Whether to return AIRudder's whole answer (code, message, request_id, data) instead of its data",
		},
		{
			displayName: 'Raw Response',
			name: 'rawResponse',
			type: 'boolean',
			default: false,
			description:
				"Whether an answer that is not AIRudder's JSON is returned as text (in body) instead of failing. Off, such an answer is an error.",
		},
		{
			displayName: 'Safe to Retry',
			name: 'safeToRetry',
			type: 'boolean',
			default: false,
			description:
				'Whether the request only reads data, so it may be sent again after a timeout or server error. GET requests always are.',
		},
		{
			displayName: 'Split List Into Items',
			name: 'splitList',
			type: 'boolean',
			default: true,
			description: "Whether a list in the answer's data becomes one output item per entry",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['apiRequest'], operation: ['request'] } },
	properties,
);

interface PreparedRequest {
	method: IHttpRequestMethods;
	path: string;
	qs: IDataObject;
	body?: IDataObject;
	options: IDataObject;
}

function prepareRequest(ctx: IExecuteFunctions, itemIndex: number): PreparedRequest {
	const node = ctx.getNode();
	const method = ctx.getNodeParameter('method', itemIndex) as IHttpRequestMethods;
	const path = requiredString(ctx, 'path', 'Path', itemIndex);
	if (!isPlainPath(path)) {
		throw new NodeOperationError(
			node,
			`Path "${path}" in item ${itemIndex} must start with / and be a path on the Base URL's host`,
			{
				itemIndex,
				description:
					"For example /service/cloud/workflow/taskdetail. The host comes from the credential's Base URL, and the credential goes nowhere else.",
			},
		);
	}
	const qs = Object.fromEntries(
		readNameValues(ctx, 'queryParameters.parameter', itemIndex),
	) as IDataObject;
	let body: IDataObject | undefined;
	if (method !== 'GET') {
		const raw = ctx.getNodeParameter('body', itemIndex, '{}') as unknown;
		if (typeof raw === 'string') {
			if (raw.trim() !== '') {
				try {
					body = jsonParse<IDataObject>(raw);
				} catch {
					throw new NodeOperationError(node, `Body (JSON) in item ${itemIndex} is not valid JSON`, {
						itemIndex,
						description: 'Write a JSON object, e.g. {"task_id": "..."}.',
					});
				}
			}
		} else body = raw as IDataObject;
		if (body !== undefined && (typeof body !== 'object' || body === null)) {
			throw new NodeOperationError(
				node,
				`Body (JSON) in item ${itemIndex} must be a JSON object or array`,
				{ itemIndex },
			);
		}
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { method, path, qs, body, options };
}

function outputOf(data: unknown, splitList: boolean): IDataObject[] {
	if (data === undefined || data === null) return [{}];
	const list = listInData(data);
	const isList = Array.isArray(data) || !(list.length === 1 && list[0] === data);
	if (splitList && isList) return list;
	return typeof data === 'object' && !Array.isArray(data)
		? [data as IDataObject]
		: [{ data } as IDataObject];
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, {
		prepare: (itemIndex) => prepareRequest(this, itemIndex),
		send: async ({ method, path, qs, body, options }, itemIndex) => {
			const answer = await airudderAnswer.call(this, {
				endpoint: {
					method,
					path,
					retrySafe: method === 'GET' || options.safeToRetry === true,
				},
				body,
				qs,
				itemIndex,
				acceptText: options.rawResponse === true,
			});
			if ('text' in answer) return [{ body: answer.text }];
			if (options.fullResponse === true) return [answer.envelope];
			return outputOf(answer.envelope.data, options.splitList !== false);
		},
	});
}
