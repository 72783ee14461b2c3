/**
 * One phone rule for contacts and WhatsApp receivers (helpers/phone.ts): separators removed, 00 read as +,
 * no country code starting with 0, 8 to 15 digits, a JSON number read as its digits. Create sends the +
 * form; WhatsApp receivers go as country code and number without +.
 */
import { createParameters, fixture, futureEndTime, type Fixture } from './setup';

const CREATE = '/service/cloud/workflow/createinstance';
const SEND = '/api/v1/template/send';
const FIND = '/service/cloud/workflow/detailinstances';

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(async () => await f.close());

const whatsApp = {
	resource: 'whatsAppTemplate',
	operation: 'send',
	templateId: 28,
	channelId: '62895422536400',
	receivers: '={{ $json.phone }}',
	chatbotMode: 'fields',
	robotId: 3927,
};

const SAME_NUMBER = ['00628123456789', '+62 (812) 345-6789', '0062.812.345.6789', 628123456789];

test('the same number in every written form: Create sends +628123456789', async () => {
	await f.run(
		createParameters(),
		SAME_NUMBER.map((phone) => ({ json: { phone } })),
	);
	const callees = (f.sim.requestsTo(CREATE)[0].body as { details: Array<{ callee: string }> })
		.details;
	expect(callees.map((c) => c.callee)).toEqual(SAME_NUMBER.map(() => '+628123456789'));
});

test('the same number in every written form: WhatsApp receivers get 628123456789', async () => {
	await f.run(
		whatsApp,
		SAME_NUMBER.map((phone) => ({ json: { phone } })),
	);
	expect(f.sim.requestsTo(SEND).map((r) => (r.body as { receivers: unknown }).receivers)).toEqual(
		SAME_NUMBER.map(() => [{ id: '628123456789' }]),
	);
});

test('Find by phone reads 00 as + too', async () => {
	await f.run(createParameters(), [{ json: { phone: '+628123456789' } }]);
	const out = await f.run({
		resource: 'workflowTask',
		operation: 'findByCaseIdOrPhone',
		phone: '00 62 812 345 6789',
		startTime: '2000-01-01T00:00:00',
		endTime: futureEndTime(),
		returnAll: true,
	});
	expect((f.sim.requestsTo(FIND)[0].body as { callee: string }).callee).toBe('+628123456789');
	expect(out).toHaveLength(1);
});

test.each<[string | number, RegExp]>([
	['+0812 3456 789', /country code never starts with 0/],
	['08123456789', /country code never starts with 0/],
	['+62 812', /8 to 15 digits/],
	['+1234567890123456', /8 to 15 digits/],
	['+62 812 abc 6789', /Only digits/],
	[62812345678.5, /Only digits/],
])(
	'"%s" is refused the same way by Create and WhatsApp, before any request',
	async (phone, why) => {
		const create = await f.run(createParameters(), [{ json: { phone } }]).catch((e) => e);
		expect(create.message).toBe(`Phone "${phone}" in item 0 is not a valid phone number`);
		expect(create.description).toMatch(why);
		const send = await f.run(whatsApp, [{ json: { phone } }]).catch((e) => e);
		expect(send.message).toBe(`Receiver "${phone}" in item 0 is not a valid WhatsApp number`);
		expect(send.description).toMatch(why);
		expect(f.sim.requests).toHaveLength(0);
	},
);
