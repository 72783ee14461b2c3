import { calleeForm, readPhone, whatsAppForm } from '../../nodes/Airudder/helpers/phone';

describe('readPhone', () => {
	test.each([
		['+62 812-3456-7890', '6281234567890'],
		['+62 (812) 3456.7890', '6281234567890'],
		['0062 812 3456 7890', '6281234567890'],
		['6281234567890', '6281234567890'],
		[' \u00a0+62\u2013812\u20133456 7890 ', '6281234567890'],
		['[+62] 812 3456 7890', '6281234567890'],
		[6281234567890, '6281234567890'],
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
});
