import { contactsItems, createParameters, fixture } from '../actions/setup';

const SECRET = 'app-secret-that-must-not-leak';
const CHATBOT = 'chatbot-key-that-must-not-leak';

test('secrets never appear in outputs or errors, whatever fails', async () => {
	const f = await fixture({ appSecret: SECRET, chatbotApiKey: CHATBOT });
	const seen: string[] = [];
	const record = (value: unknown) => {
		const e = value as { message?: string; description?: string; stack?: string };
		seen.push(JSON.stringify(value), String(e?.message), String(e?.description), String(e?.stack));
	};
	record(await f.run(createParameters(), contactsItems(2)));
	const token = f.store.get('cred-airudder-1').token as string;
	f.sim.expireToken('code10813');
	f.sim.inject({ kind: 'status', status: 500, path: '/service/cloud/workflow/createinstance' });
	record(await f.run(createParameters(), contactsItems(1)).catch((e) => e));
	record(await f.run(createParameters({ name: 'bad name' }), contactsItems(1)).catch((e) => e));
	record(await f.run(createParameters(), contactsItems(1), { continueOnFail: true }));
	record(
		await f
			.run({
				resource: 'apiRequest',
				operation: 'request',
				method: 'POST',
				path: '/api/v1/template/send',
				body: '{}',
			})
			.catch((e) => e),
	);
	await f.close();
	const f2 = await fixture({}, { appSecret: SECRET });
	record(await f2.run(createParameters(), contactsItems(1)).catch((e) => e));
	await f2.close();
	const text = seen.join('\n');
	expect(text).toContain('AIRudder error');
	for (const secret of [SECRET, CHATBOT, token]) expect(text).not.toContain(secret);
});
