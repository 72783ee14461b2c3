import { REDACTED, redactValue, redactor } from '../../nodes/Airudder/helpers/redact';

describe('redactor', () => {
	test('replaces every secret, raw, URL-encoded and JSON-escaped', () => {
		const redact = redactor(['s3cr/t+=', 'tok"en', '', undefined, 42]);
		expect(redact('a s3cr/t+= b s3cr%2Ft%2B%3D c tok\\"en d tok"en')).toBe(
			`a ${REDACTED} b ${REDACTED} c ${REDACTED} d ${REDACTED}`,
		);
		expect(redact('nothing here')).toBe('nothing here');
	});

	test('replaces a secret that contains another one whole', () => {
		const redact = redactor(['abc', 'xxabcxx']);
		expect(redact('1 xxabcxx 2 abc')).toBe(`1 ${REDACTED} 2 ${REDACTED}`);
	});

	test('with no secrets leaves text alone', () => {
		expect(redactor([])('anything')).toBe('anything');
	});
});

describe('redactValue', () => {
	test('walks objects, arrays, keys and numbers', () => {
		const redact = redactor(['secret', '123456']);
		expect(
			redactValue(
				{ a: 'my secret', list: ['secret', 1, null, true], secret: { n: 123456, m: 7 } },
				redact,
			),
		).toEqual({
			a: `my ${REDACTED}`,
			list: [REDACTED, 1, null, true],
			[REDACTED]: { n: REDACTED, m: 7 },
		});
	});
});
