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
		const nested = redactor(['ab', 'abcdef', 'abcd']);
		expect(nested('abcdef abcd ab abc')).toBe(`${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}c`);
	});

	test('every occurrence goes, also back to back', () => {
		expect(redactor(['k'])('kkk-k')).toBe(`${REDACTED.repeat(3)}-${REDACTED}`);
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

describe('redactValue, scalars', () => {
	const redact = redactor(['42', 'pw']);

	test('a number that is a secret becomes ***, other scalars stay as they are', () => {
		expect(redactValue(42, redact)).toBe(REDACTED);
		expect(redactValue(7, redact)).toBe(7);
		expect(redactValue('pw!', redact)).toBe(`${REDACTED}!`);
		expect(redactValue(true, redact)).toBe(true);
		expect(redactValue(null, redact)).toBeNull();
		expect(redactValue(undefined, redact)).toBeUndefined();
	});

	test('the copy is new; the original keeps its secrets', () => {
		const original = { a: ['pw'] };
		const copy = redactValue(original, redact);
		expect(copy).toEqual({ a: [REDACTED] });
		expect(original).toEqual({ a: ['pw'] });
	});
});
