/**
 * No automatic redirects: a 3xx from the Base URL is an error naming its status and the Location host,
 * and the other host (a second listener) receives nothing: no token, no chatbot key, no body.
 */
import { NodeApiError } from 'n8n-workflow';

import { startOtherHost, type OtherHost } from '../../tools/simulator/server';
import { contactsItems, createParameters, fixture, type Fixture } from '../actions/setup';

const TASK_DETAIL = '/service/cloud/workflow/taskdetail';
const CREATE = '/service/cloud/workflow/createinstance';
const SEND = '/api/v1/template/send';
const AUTH = '/service/cloud/auth';

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

const whatsApp = {
	resource: 'whatsAppTemplate',
	operation: 'send',
	templateId: 28,
	channelId: '62895422536400',
	receivers: '+6281234567890',
	chatbotMode: 'fields',
	robotId: 3927,
};

test.each([
	[302, 'API Request (token)', TASK_DETAIL],
	[307, 'WhatsApp Template Send (chatbot key and message)', SEND],
	[308, 'Workflow Task Create', CREATE],
	[301, 'the token request itself (APP Key and APP Secret)', AUTH],
])('HTTP %i on %s is an error naming the host, and nothing reaches it', async (status, _, path) => {
	if (path !== AUTH) await f.run(createParameters(), contactsItems(1)); // a stored token first
	f.sim.inject({ kind: 'redirect', status, path, location: `${other.url}${path}` });
	const parameters =
		path === SEND
			? whatsApp
			: path === TASK_DETAIL
				? {
						resource: 'apiRequest',
						operation: 'request',
						method: 'POST',
						path,
						body: '{"task_id":"x"}',
					}
				: createParameters();
	const error = await f.run(parameters, contactsItems(1)).catch((e) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toContain(
		`AIRudder answered with a redirect (HTTP ${status}) to ${other.host}: check the Base URL`,
	);
	expect(JSON.stringify(error)).not.toContain(f.sim.credentials.appSecret);
	expect(f.sim.requestsTo(path).at(-1)?.status).toBe(status);
	expect(other.requests).toEqual([]);
});

test('a redirect to the same host is not followed either', async () => {
	await f.run(createParameters(), contactsItems(1));
	f.sim.inject({ kind: 'redirect', path: CREATE, location: '/service/cloud/workflow/elsewhere' });
	const error = await f.run(createParameters(), contactsItems(1)).catch((e) => e);
	expect(error.message).toContain(`redirect (HTTP 302) to ${new URL(f.sim.url).host}`);
	expect(f.sim.requestsTo('/service/cloud/workflow/elsewhere')).toHaveLength(0);
	expect(f.sim.requestsTo(CREATE)).toHaveLength(2);
});
