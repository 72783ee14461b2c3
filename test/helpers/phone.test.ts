import {
	calleeForm,
	phoneProblemText,
	readPhone,
	whatsAppForm,
	type PhoneProblem,
} from '../../nodes/Airudder/helpers/phone';

describe('readPhone', () => {
	test.each([
		['+62 812-3456-7890', '6281234567890'],
		['+62 (812) 3456.7890', '6281234567890'],
		['0062 812 3456 7890', '6281234567890'],
		['6281234567890', '6281234567890'],
		[' \u00a0+62\u2013812\u20133456 7890 ', '6281234567890'],
		['[+62] 812 3456 7890', '6281234567890'],
		[6281234567890, '6281234567890'],
		['(62)812.3456.7890', '6281234567890'],
		['+62\u2212812\u20103456\u20157890', '6281234567890'],
		['\t+62\n8123456789\r', '628123456789'],
		['12345678', '12345678'],
		['123456789012345', '123456789012345'],
	])('%j is read as %s', (value, digits) => {
		expect(readPhone(value)).toEqual({ ok: true, digits });
	});

	test.each([
		['', 'empty'],
		['  - ( ) ', 'empty'],
		[undefined, 'empty'],
		[null, 'empty'],
		['\u2014\u2212', 'empty'],
		[0, 'leadingZero'],
		['00', 'characters'],
		['+', 'characters'],
		['62_81234567', 'characters'],
		['62/81234567', 'characters'],
		['\uff16\uff12812345678', 'characters'],
		['+0812345678', 'leadingZero'],
		['0812345678', 'leadingZero'],
		['000062812345678', 'leadingZero'],
		['1234567', 'length'],
		['1234567890123456', 'length'],
		['+62 812 ext 5', 'characters'],
		['++6281234567', 'characters'],
		['62+81234567', 'characters'],
		[6.2812345678e3, 'characters'],
		[-6281234567, 'characters'],
		[Number.NaN, 'characters'],
		[{ phone: '+6281234567890' }, 'characters'],
		[true, 'characters'],
	])('%j is refused: %s', (value, problem) => {
		expect(readPhone(value)).toEqual({ ok: false, problem });
	});

	test('the two forms AIRudder wants', () => {
		expect(calleeForm('6281234567890')).toBe('+6281234567890');
		expect(whatsAppForm('6281234567890')).toBe('6281234567890');
	});

	test('each problem is explained in its own words', () => {
		const texts = (['empty', 'characters', 'leadingZero', 'length'] as PhoneProblem[]).map(
			phoneProblemText,
		);
		expect(texts[0]).toMatch(/empty/);
		expect(texts[1]).toMatch(/Only digits, a leading \+ or 00/);
		expect(texts[2]).toMatch(/country code never starts with 0/);
		expect(texts[3]).toMatch(/8 to 15 digits/);
		expect(new Set(texts).size).toBe(4);
	});
});
