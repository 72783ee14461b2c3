/** Times in and out of AIRudder (helpers/time.ts). */
import { localTimeToIso, unixToIso, utcTimeToIso } from '../../nodes/Airudder/helpers/time';

describe('time conversions (pure)', () => {
	it('time conversions keep offsets and reject garbage', () => {
		expect(localTimeToIso('2024-03-11 15:58:26', 'Asia/Jakarta')).toBe('2024-03-11T15:58:26+07:00');
		expect(localTimeToIso('2024-03-11 15:58:26+08:00', 'Asia/Jakarta')).toBe(
			'2024-03-11T15:58:26+08:00',
		);
		expect(localTimeToIso('not a time', 'Asia/Jakarta')).toBeNull();
		expect(localTimeToIso('', 'Asia/Jakarta')).toBeNull();
		expect(utcTimeToIso('2025-04-15T06:41:00Z')).toBe('2025-04-15T06:41:00Z');
		expect(utcTimeToIso('2025-04-15T06:41:00')).toBe('2025-04-15T06:41:00Z');
		expect(unixToIso(1744699269)).toBe('2025-04-15T06:41:09Z');
		expect(unixToIso(1744699269000)).toBe('2025-04-15T06:41:09Z');
		expect(unixToIso('x')).toBeNull();
	});
});
