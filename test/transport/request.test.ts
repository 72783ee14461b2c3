/**
 * transport/request.ts as node code calls it: what goes on the wire, and how a request refused before
 * sending is reported. (Token refresh, hosts, redirects, answers that are not JSON and redaction have
 * their own files beside this one.)
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeType,
} from 'n8n-workflow';

import { airudderRequest } from '../../nodes/Airudder/transport/request';
import { INVALID_BASE_URL } from '../../nodes/Airudder/transport/url';
import { runNode } from '../harness/executeContext';
import { fixture, type Fixture } from '../actions/setup';

const TASK_DETAIL = '/service/cloud/workflow/taskdetail';
const SEND = '/api/v1/template/send';

/** A node that hands one request to the transport as it is. */
const probeNode: INodeType = {
	description: {
		displayName: 'Transport probe',
		name: 'transportProbe',
		group: ['output'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Transport probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'airudderApi', required: true }],
		properties: [
			{ displayName: 'Method', name: 'method', type: 'string', default: 'POST' },
			{ displayName: 'Path', name: 'path', type: 'string', default: TASK_DETAIL },
			{ displayName: 'Body', name: 'body', type: 'json', default: '' },
			{ displayName: 'Query', name: 'qs', type: 'json', default: '' },
		],
	},
	async execute(this: IExecuteFunctions) {
		const json = (name: string) => {
			const text = this.getNodeParameter(name, 0) as string;
			return text === '' ? undefined : (JSON.parse(text) as IDataObject);
		};
		const envelope = await airudderRequest.call(this, {
			endpoint: {
				method: this.getNodeParameter('method', 0) as IHttpRequestMethods,
				path: this.getNodeParameter('path', 0) as string,
				retrySafe: true,
			},
			body: json('body'),
			qs: json('qs'),
			itemIndex: 0,
		});
		return [[{ json: envelope, pairedItem: { item: 0 } }]];
	},
};

let f: Fixture;
afterEach(async () => await f.close());

async function probe(parameters: IDataObject): Promise<unknown> {
	return await runNode(probeNode, { store: f.store, parameters: parameters as never }).then(
		({ output }) => output[0][0].json,
		(error: Error) => error,
	);
}

test('a request asks for JSON, says who sends it, and carries the key its endpoint takes', async () => {
	f = await fixture();
	await probe({ body: '{"task_id": "x"}' });
	await probe({ path: SEND, body: '{"template_id": 1}' });
	const [workflow] = f.sim.requestsTo(TASK_DETAIL);
	const [chatbot] = f.sim.requestsTo(SEND);
	for (const { headers } of [workflow, chatbot]) {
		expect(headers['content-type']).toMatch(/^application\/json/);
		expect(headers.accept).toBe('application/json');
		expect(headers['user-agent']).toBe('Airudder');
	}
	expect(workflow.headers.authorization).toMatch(/^Token \S+$/);
	expect(chatbot.headers.authorization).toBeUndefined();
	expect(chatbot.headers['x-airudder-sign-key']).toBe(f.sim.credentials.chatbotApiKey);
});

test('a POST carries its body; a GET carries none; query parameters go in the address', async () => {
	f = await fixture();
	await probe({ body: '{"task_id": "t-1", "page": 2}', qs: '{"lang": "en"}' });
	await probe({ method: 'GET', body: '{"task_id": "t-2"}', qs: '{"a": "1", "b": "two"}' });
	await probe({ method: 'GET' });
	const [post, get, bare] = f.sim.requestsTo(TASK_DETAIL);
	expect(post).toMatchObject({
		method: 'POST',
		body: { task_id: 't-1', page: 2 },
		query: { lang: 'en' },
	});
	expect(get).toMatchObject({ method: 'GET', body: undefined, query: { a: '1', b: 'two' } });
	expect(bare).toMatchObject({ method: 'GET', body: undefined, query: {} });
});

test("AIRudder's refusal names the endpoint it came from", async () => {
	f = await fixture();
	const error = (await probe({ body: '{"task_id": "unknown"}' })) as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.errorResponse).toMatchObject({ endpoint: `POST ${TASK_DETAIL}`, code: 10702 });
	expect(error.context.itemIndex).toBe(0);
});

test('a key the endpoint needs is missing: refused before sending, with what to do', async () => {
	f = await fixture({}, { appSecret: ' ' });
	const error = (await probe({ body: '{}' })) as NodeOperationError;
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toMatch(/^The APP Secret is empty/);
	expect(error.description).toBe(
		'Nothing was sent. Open the AIRudder API credential and fill it in.',
	);
	expect(error.context.itemIndex).toBe(0);
	expect(f.sim.requests).toEqual([]);
});

test('a Base URL that is not a plain http(s) address: refused before sending', async () => {
	f = await fixture();
	f.store.set('cred-airudder-1', 'airudderApi', {
		...f.store.get('cred-airudder-1'),
		baseUrl: `${f.sim.url}/?x=1`,
	});
	const error = (await probe({ body: '{}' })) as NodeOperationError;
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toBe(INVALID_BASE_URL);
	expect(error.description).toBe(
		"Nothing was sent. The credential goes only to the Base URL's host.",
	);
	expect(error.context.itemIndex).toBe(0);
	expect(f.sim.requests).toEqual([]);
});
