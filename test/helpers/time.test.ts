/** Times in and out of AIRudder (helpers/time.ts). */
import {
	isValidZone,
	localTimeToIso,
	secondsBetween,
	unixToIso,
	utcTimeToIso,
} from '../../nodes/Airudder/helpers/time';

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

	it('one time-zone check for the operations and the trigger', () => {
		expect(isValidZone('Asia/Jakarta')).toBe(true);
		expect(isValidZone('UTC')).toBe(true);
		expect(isValidZone('Mars/Olympus')).toBe(false);
		expect(isValidZone('')).toBe(false);
		expect(isValidZone(undefined)).toBe(false);
		expect(isValidZone(7)).toBe(false);
	});

	it('seconds between two ISO times', () => {
		expect(secondsBetween('2024-03-11T15:58:26+07:00', '2024-03-11T15:59:12+07:00')).toBe(46);
		expect(secondsBetween(null, '2024-03-11T15:59:12+07:00')).toBeNull();
		expect(secondsBetween('garbage', '2024-03-11T15:59:12+07:00')).toBeNull();
	});
});
