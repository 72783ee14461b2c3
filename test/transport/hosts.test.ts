/**
 * The credential goes to the Base URL's host only, whatever the path looks like: API Request refuses
 * paths that are not plain paths, and the transport itself refuses any path that would leave the Base
 * URL's origin. A second listener proves that nothing reaches another host.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeType,
} from 'n8n-workflow';

import { AirudderApi } from '../../credentials/AirudderApi.credentials';
import { airudderRequest } from '../../nodes/Airudder/transport/request';
import { startOtherHost, type OtherHost } from '../../tools/simulator/server';
import { CREDENTIAL_ID, credentialData, runNode } from '../harness/executeContext';
import { fixture, type Fixture } from '../actions/setup';

let f: Fixture;
let other: OtherHost;
beforeEach(async () => {
	f = await fixture();
	other = await startOtherHost();
});
afterEach(async () => {
	await f.close();
	await other.close();
});

/** Paths that point, or could be read as pointing, at the other host. */
function craftedPaths(host: string): string[] {
	return [
		`//${host}/x`,
		`/\\${host}/x`,
		`\\\\${host}/x`,
		`http://${host}/x`,
		`HTTP://${host}/x`,
		`@${host}/x`,
		`:@${host}/x`,
		`/%2F${host}/x`,
		`%2F%2F${host}/x`,
		`/%5C${host}/x`,
		`/%2f%2f${host}/x`,
		`/\t/${host}/x`,
		`//${host}%2Fx`,
	];
}

test('API Request refuses every crafted path before sending anything', async () => {
	for (const path of craftedPaths(other.host)) {
		for (const method of ['GET', 'POST']) {
			const error = await f
				.run({ resource: 'apiRequest', operation: 'request', method, path })
				.catch((e) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/must start with \/ and be a path on the Base URL's host/);
		}
	}
	expect(other.requests).toEqual([]);
	expect(f.sim.requests).toEqual([]);
});

/** A node that hands a path to the transport as it is, without any operation's checks. */
const rawTransportNode: INodeType = {
	description: {
		displayName: 'Raw transport',
		name: 'rawTransport',
		group: ['output'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Raw transport' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'airudderApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '' },
			{ displayName: 'Method', name: 'method', type: 'string', default: 'POST' },
		],
	},
	async execute(this: IExecuteFunctions) {
		const envelope = await airudderRequest.call(this, {
			endpoint: {
				method: this.getNodeParameter('method', 0) as IHttpRequestMethods,
				path: this.getNodeParameter('path', 0) as string,
				retrySafe: true,
			},
			body: { probe: true },
		});
		return [[{ json: envelope, pairedItem: { item: 0 } }]];
	},
};

test('the transport never sends the token or the chatbot key to another host, whatever the path', async () => {
	const paths = [
		...craftedPaths(other.host),
		...craftedPaths(other.host).map((p) => `/api/v1${p.startsWith('/') ? '' : '/'}${p}`),
	];
	const outcomes: string[] = [];
	for (const path of paths) {
		const result = await runNode(rawTransportNode, { store: f.store, parameters: { path } }).then(
			() => 'answered',
			(error: Error) => (error instanceof NodeOperationError ? 'refused' : 'failed at AIRudder'),
		);
		outcomes.push(result);
	}
	expect(other.requests).toEqual([]);
	// whatever reached a listener reached the Base URL's host, where these paths do not exist
	expect(
		f.sim.requests.filter((r) => r.path !== '/service/cloud/auth').map((r) => r.status),
	).toEqual(f.sim.requests.filter((r) => r.path !== '/service/cloud/auth').map(() => 404));
	expect(outcomes).not.toContain('answered');
	expect(outcomes).toContain('refused');
});

test("the credential's authenticate refuses to put a key on a request to another host", async () => {
	const credential = new AirudderApi();
	const data = { ...credentialData(f.sim), token: 'stored-token' };
	for (const url of [`${other.url}/service/cloud/x`, `//${other.host}/api/v1/x`]) {
		await expect(credential.authenticate(data, { url, method: 'POST' })).rejects.toThrow(
			/sent only to 127\.0\.0\.1:\d+: a request to another address was refused/,
		);
	}
	const ok = await credential.authenticate(data, { url: `${f.sim.url}/service/cloud/x` });
	expect(ok.headers).toEqual({ Authorization: 'Token stored-token' });
	const chatbot = await credential.authenticate(data, { url: `${f.sim.url}/api/v1/template/send` });
	expect(chatbot.headers).toEqual({ 'X-AIRudder-Sign-Key': f.sim.credentials.chatbotApiKey });
	expect(CREDENTIAL_ID).toBe('cred-airudder-1');
});
