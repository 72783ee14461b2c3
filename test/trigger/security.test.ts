/**
 * AIRudder Trigger: what it refuses (missing/wrong secret, addresses outside the allowlist) and that the shared
 * secret never leaks.
 */
import { EXAMPLES, example, logs, triggerStartedInTest } from '../harness/webhook';
import {
	checkSecret,
	clientIp,
	ipAllowed,
	parseAllowlist,
	parseIp,
	secretMatches,
	singleValue,
} from '../../nodes/Airudder/trigger/security';

const SECRET = 's3cr3t-Ünïcode-🔑-value';
/** HTTP headers carry Latin-1 only. */
const HEADER_SECRET = 'h34d3r-s3cr3t-value';

describe('AIRudder Trigger — request checks', () => {
	const { harness, start } = triggerStartedInTest();

	describe('shared secret in a query parameter (default)', () => {
		beforeEach(async () => start({ parameters: { options: { sharedSecret: SECRET } } }));

		it('missing -> 401, no execution', async () => {
			const reply = await harness().post(example(EXAMPLES['workflow.statusChanged']));
			expect(reply.status).toBe(401);
			expect(reply.json).toEqual({ error: 'Missing secret' });
			expect(harness().executions).toHaveLength(0);
		});

		it('wrong -> 401, no execution', async () => {
			for (const wrong of ['nope', `${SECRET}x`, SECRET.slice(0, -1), SECRET.toUpperCase()]) {
				const reply = await harness().post(example(EXAMPLES['workflow.statusChanged']), {
					query: { secret: wrong },
				});
				expect(reply.status).toBe(401);
				expect(reply.json).toEqual({ error: 'Invalid secret' });
			}
			// In a header instead of the query: still missing.
			const reply = await harness().post(example(EXAMPLES['workflow.statusChanged']), {
				headers: { 'X-AIRudder-Secret': 'x' },
			});
			expect(reply.status).toBe(401);
			expect(harness().executions).toHaveLength(0);
		});

		it('correct -> 200 and one execution', async () => {
			const reply = await harness().post(example(EXAMPLES['workflow.statusChanged']), {
				query: { secret: SECRET },
			});
			expect(reply.status).toBe(200);
			expect(reply.json).toEqual({});
			expect(harness().executions).toHaveLength(1);
		});

		it('a secret check comes before the body check', async () => {
			const reply = await harness().post('{"broken', { query: { secret: 'wrong' } });
			expect(reply.status).toBe(401);
		});

		it('the secret never appears in answers, output or logs', async () => {
			const replies = [
				await harness().post(example(EXAMPLES['chatbot.sessionEnded']), {
					query: { secret: 'wrong' },
				}),
				await harness().post(example(EXAMPLES['chatbot.sessionEnded'])),
				await harness().post(example(EXAMPLES['chatbot.sessionEnded']), {
					query: { secret: SECRET },
				}),
				await harness().post('{"x', { query: { secret: SECRET } }),
			];
			const everything = JSON.stringify({
				replies: replies.map((r) => r.text),
				executions: harness().executions,
				logs,
				staticData: harness().exportStaticData(),
			});
			expect(everything).not.toContain(SECRET);
			expect(everything).not.toContain('s3cr3t');
			expect(harness().executions).toHaveLength(1);
		});
	});

	describe('shared secret in a custom query parameter and in a header', () => {
		it('custom query parameter name', async () => {
			await start({
				parameters: { options: { sharedSecret: SECRET, authQueryParameter: 'token' } },
			});
			expect(
				(
					await harness().post(example(EXAMPLES['workflow.statusChanged']), {
						query: { secret: SECRET },
					})
				).status,
			).toBe(401);
			expect(
				(
					await harness().post(example(EXAMPLES['workflow.statusChanged']), {
						query: { token: SECRET },
					})
				).status,
			).toBe(200);
		});

		it('header (default X-AIRudder-Secret): missing and wrong -> 401, correct -> 200', async () => {
			await start({
				parameters: { options: { sharedSecret: HEADER_SECRET, authLocation: 'header' } },
			});
			const body = example(EXAMPLES['workflow.contactCompleted']);
			const missing = await harness().post(body);
			expect(missing.status).toBe(401);
			expect(missing.json).toEqual({ error: 'Missing secret' });
			const wrong = await harness().post(body, { headers: { 'X-AIRudder-Secret': 'wrong' } });
			expect(wrong.status).toBe(401);
			expect(wrong.json).toEqual({ error: 'Invalid secret' });
			// In the query instead of the header: missing.
			expect((await harness().post(body, { query: { secret: HEADER_SECRET } })).status).toBe(401);
			expect(harness().executions).toHaveLength(0);
			const right = await harness().post(body, { headers: { 'x-airudder-secret': HEADER_SECRET } });
			expect(right.status).toBe(200);
			expect(harness().executions).toHaveLength(1);
		});

		it('custom header name', async () => {
			await start({
				parameters: {
					options: {
						sharedSecret: HEADER_SECRET,
						authLocation: 'header',
						authHeaderName: 'X-Callback-Key',
					},
				},
			});
			const body = example(EXAMPLES['workflow.contactCompleted']);
			expect(
				(await harness().post(body, { headers: { 'X-AIRudder-Secret': HEADER_SECRET } })).status,
			).toBe(401);
			expect(
				(await harness().post(body, { headers: { 'X-Callback-Key': HEADER_SECRET } })).status,
			).toBe(200);
		});
	});

	describe('IP allowlist', () => {
		const body = () => example(EXAMPLES['workflow.statusChanged']);

		it('an address outside the list -> 403, no execution', async () => {
			await start({ parameters: { options: { ipAllowlist: '10.0.0.0/8, 192.168.1.7' } } });
			const reply = await harness().post(body());
			expect(reply.status).toBe(403);
			expect(reply.json).toEqual({ error: 'Forbidden' });
			expect(harness().executions).toHaveLength(0);
		});

		it('an address inside a CIDR range -> 200', async () => {
			await start({ parameters: { options: { ipAllowlist: '10.0.0.0/8,127.0.0.0/8' } } });
			expect((await harness().post(body())).status).toBe(200);
			expect(harness().executions).toHaveLength(1);
		});

		it('X-Forwarded-For is ignored unless trusted', async () => {
			await start({ parameters: { options: { ipAllowlist: '203.0.113.0/24' } } });
			const reply = await harness().post(body(), { headers: { 'X-Forwarded-For': '203.0.113.9' } });
			expect(reply.status).toBe(403);
		});

		it('with Trust X-Forwarded-For, the first entry is checked', async () => {
			await start({
				parameters: { options: { ipAllowlist: '203.0.113.0/24', trustForwardedFor: true } },
			});
			expect(
				(
					await harness().post(body(), {
						headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' },
					})
				).status,
			).toBe(403);
			expect(
				(await harness().post(body(), { headers: { 'X-Forwarded-For': '203.0.113.9, 10.1.1.1' } }))
					.status,
			).toBe(200);
			// No header: the connection address (127.0.0.1) is checked.
			expect((await harness().post({ ...body(), status: 'cancelled' })).status).toBe(403);
			expect(harness().executions).toHaveLength(1);
		});

		it('unreadable entries match nothing and are logged', async () => {
			await start({ parameters: { options: { ipAllowlist: 'not-an-ip, 300.1.1.1/8' } } });
			expect((await harness().post(body())).status).toBe(403);
			expect(
				logs.some((entry) => entry.level === 'warn' && entry.message.includes('not-an-ip')),
			).toBe(true);
		});

		it('the allowlist is checked before the secret', async () => {
			await start({ parameters: { options: { ipAllowlist: '10.0.0.1', sharedSecret: SECRET } } });
			expect((await harness().post(body(), { query: { secret: SECRET } })).status).toBe(403);
		});
	});
});

describe('request checks (pure)', () => {
	it('IPv4 / IPv6 parsing and CIDR matching', () => {
		const list = parseAllowlist('192.168.0.0/16 10.1.2.3, 2001:db8::/32;::1');
		expect(list.invalid).toEqual([]);
		expect(ipAllowed('192.168.44.5', list)).toBe(true);
		expect(ipAllowed('::ffff:192.168.44.5', list)).toBe(true);
		expect(ipAllowed('192.169.0.1', list)).toBe(false);
		expect(ipAllowed('10.1.2.3', list)).toBe(true);
		expect(ipAllowed('10.1.2.4', list)).toBe(false);
		expect(ipAllowed('2001:db8:1234::1', list)).toBe(true);
		expect(ipAllowed('2001:db9::1', list)).toBe(false);
		expect(ipAllowed('::1', list)).toBe(true);
		expect(ipAllowed('[::1]', list)).toBe(true);
		expect(ipAllowed(null, list)).toBe(false);
		expect(ipAllowed('garbage', list)).toBe(false);
		expect(parseAllowlist('0.0.0.0/0').rules).toHaveLength(1);
		expect(ipAllowed('8.8.8.8', parseAllowlist('0.0.0.0/0'))).toBe(true);
		expect(parseAllowlist('1.2.3.4/33, 1.2.3, ::g, 1.2.3.4/8/9').invalid).toHaveLength(4);
		expect(parseIp('fe80::1%eth0')).toEqual({
			version: 6,
			value: 0xfe800000000000000000000000000001n,
		});
	});

	it('client address', () => {
		const req = { ip: '10.0.0.1', headers: { 'x-forwarded-for': '1.2.3.4, 5.6.7.8' } };
		expect(clientIp(req, false)).toBe('10.0.0.1');
		expect(clientIp(req, true)).toBe('1.2.3.4');
		expect(clientIp({ headers: {}, socket: { remoteAddress: '::1' } }, true)).toBe('::1');
	});

	it('secret comparison', () => {
		expect(checkSecret('abc', 'abc')).toEqual({ ok: true });
		expect(checkSecret(['abc'], 'abc')).toEqual({ ok: true });
		expect(checkSecret(['abc', 'abc'], 'abc')).toEqual({ ok: false, reason: 'Missing secret' });
		expect(checkSecret(undefined, 'abc')).toEqual({ ok: false, reason: 'Missing secret' });
		expect(checkSecret('', 'abc')).toEqual({ ok: false, reason: 'Missing secret' });
		expect(checkSecret('abd', 'abc')).toEqual({ ok: false, reason: 'Invalid secret' });
		expect(checkSecret({ a: 1 }, 'abc')).toEqual({ ok: false, reason: 'Missing secret' });
	});
});

describe('request checks: boundaries (pure)', () => {
	it('IPv4: four decimal parts of 0-255', () => {
		expect(parseIp('0.0.0.0')).toEqual({ version: 4, value: 0n });
		expect(parseIp('255.255.255.255')).toEqual({ version: 4, value: 0xffffffffn });
		expect(parseIp(' 1.2.3.4 ')).toEqual({ version: 4, value: 0x01020304n });
		for (const bad of [
			'256.0.0.1',
			'1.2.3.4.5',
			'1.2.3',
			'1.2.3.',
			'1.2.3.0x1',
			'1.2.3.1234',
			'-1.2.3.4',
			'',
			' ',
		]) {
			expect(parseIp(bad)).toBeNull();
		}
	});

	it('IPv6: full, compressed, embedded IPv4, brackets and zone ids', () => {
		expect(parseIp('1:2:3:4:5:6:7:8')).toEqual({
			version: 6,
			value: 0x00010002000300040005000600070008n,
		});
		expect(parseIp('::')).toEqual({ version: 6, value: 0n });
		expect(parseIp('1::')).toEqual({ version: 6, value: 1n << 112n });
		expect(parseIp('1::8')).toEqual({ version: 6, value: (1n << 112n) | 8n });
		expect(parseIp('ABCD::')).toEqual({ version: 6, value: 0xabcdn << 112n });
		expect(parseIp('[2001:db8::1]:443')).toEqual({
			version: 6,
			value: 0x20010db8000000000000000000000001n,
		});
		expect(parseIp('::ffff:10.0.0.1')).toEqual({ version: 4, value: 0x0a000001n });
		expect(parseIp('::ffff:a00:1')).toEqual({ version: 4, value: 0x0a000001n });
		expect(parseIp('64:ff9b::1.2.3.4')).toEqual({
			version: 6,
			value: 0x0064ff9b000000000000000001020304n,
		});
		for (const bad of [
			'1:2:3:4:5:6:7',
			'1:2:3:4:5:6:7:8:9',
			'1:2:3:4::5:6:7:8',
			'1::2::3',
			'12345::',
			'g::',
			'::ffff:1.2.3.256',
			'::1.2.3',
			'%eth0',
			'[]',
		]) {
			expect(parseIp(bad)).toBeNull();
		}
		// ::1:2:3:4:5:6:7 compresses exactly one group: valid.
		expect(parseIp('::1:2:3:4:5:6:7')).toEqual({
			version: 6,
			value: 0x0000000100020003000400050006_0007n,
		});
	});

	it('CIDR: the first and last address of a range match, the neighbours outside do not', () => {
		const v4 = parseAllowlist('10.0.0.8/29');
		expect(v4.rules).toEqual([{ version: 4, prefix: 29, network: 0x0a000008n }]);
		expect(ipAllowed('10.0.0.7', v4)).toBe(false);
		expect(ipAllowed('10.0.0.8', v4)).toBe(true);
		expect(ipAllowed('10.0.0.15', v4)).toBe(true);
		expect(ipAllowed('10.0.0.16', v4)).toBe(false);
		// The network is masked: a host address with a prefix names its range.
		expect(parseAllowlist('10.0.0.13/29').rules[0].network).toBe(0x0a000008n);
		expect(ipAllowed('10.0.0.9', parseAllowlist('10.0.0.13/29'))).toBe(true);
		const v6 = parseAllowlist('2001:db8::/127');
		expect(ipAllowed('2001:db8::', v6)).toBe(true);
		expect(ipAllowed('2001:db8::1', v6)).toBe(true);
		expect(ipAllowed('2001:db8::2', v6)).toBe(false);
		expect(parseAllowlist('::/0').rules).toEqual([{ version: 6, prefix: 0, network: 0n }]);
		expect(ipAllowed('2001:db8::5', parseAllowlist('::/0'))).toBe(true);
		// An IPv4 range never matches an IPv6 address, nor the reverse.
		expect(ipAllowed('::1', parseAllowlist('0.0.0.0/0'))).toBe(false);
		expect(ipAllowed('1.2.3.4', parseAllowlist('::/0'))).toBe(false);
		expect(parseAllowlist('1.2.3.4/32').rules[0].prefix).toBe(32);
		expect(parseAllowlist('1.2.3.4').rules[0].prefix).toBe(32);
		expect(parseAllowlist('::1').rules[0].prefix).toBe(128);
		expect(parseAllowlist('::1/128').invalid).toEqual([]);
		expect(parseAllowlist('::1/129').invalid).toEqual(['::1/129']);
		expect(parseAllowlist('1.2.3.4/').invalid).toEqual(['1.2.3.4/']);
		expect(parseAllowlist('1.2.3.4/x').invalid).toEqual(['1.2.3.4/x']);
		expect(parseAllowlist('::/0128').invalid).toEqual(['::/0128']);
	});

	it('allowlist entries are separated by commas, semicolons or whitespace; empty entries are skipped', () => {
		const list = parseAllowlist(' 1.1.1.1,,2.2.2.2;\n3.3.3.3\t4.4.4.4 , ');
		expect(list.invalid).toEqual([]);
		expect(list.rules.map((r) => r.network)).toEqual([
			0x01010101n,
			0x02020202n,
			0x03030303n,
			0x04040404n,
		]);
		expect(parseAllowlist('')).toEqual({ rules: [], invalid: [] });
		expect(ipAllowed('1.1.1.1', parseAllowlist(''))).toBe(false);
		expect(parseAllowlist('bad 1.1.1.1').invalid).toEqual(['bad']);
		expect(ipAllowed(undefined, list)).toBe(false);
	});

	it('client address: forwarded entry trimmed, empty ones skipped, then req.ip, then the socket', () => {
		const socket = { remoteAddress: '9.9.9.9' };
		expect(
			clientIp({ headers: { 'x-forwarded-for': ['  1.2.3.4 ,5.6.7.8', '7.7.7.7'] }, socket }, true),
		).toBe('1.2.3.4');
		expect(
			clientIp({ headers: { 'x-forwarded-for': ' , 5.6.7.8' }, ip: '8.8.8.8', socket }, true),
		).toBe('8.8.8.8');
		expect(clientIp({ headers: { 'x-forwarded-for': 5 }, socket }, true)).toBe('9.9.9.9');
		expect(clientIp({ headers: { 'x-forwarded-for': '1.2.3.4' }, ip: '', socket }, false)).toBe(
			'9.9.9.9',
		);
		expect(clientIp({ headers: {}, ip: 7, socket: { remoteAddress: '' } }, false)).toBeNull();
		expect(clientIp({ headers: {}, socket: { remoteAddress: 1 } }, false)).toBeNull();
		expect(clientIp({ headers: {} }, true)).toBeNull();
	});

	it('secret values: exactly one string; comparison of the whole value', () => {
		expect(singleValue('a')).toBe('a');
		expect(singleValue('')).toBe('');
		expect(singleValue(['a'])).toBe('a');
		expect(singleValue([1])).toBeNull();
		expect(singleValue([])).toBeNull();
		expect(singleValue(['a', 'b'])).toBeNull();
		expect(singleValue(1)).toBeNull();
		expect(secretMatches('abc', 'abc')).toBe(true);
		expect(secretMatches('abc', 'abcd')).toBe(false);
		expect(secretMatches('', 'a')).toBe(false);
		expect(secretMatches('Ü', 'Ü')).toBe(true);
		expect(checkSecret([''], 'abc')).toEqual({ ok: false, reason: 'Missing secret' });
	});
});
