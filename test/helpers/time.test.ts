/** Times in and out of AIRudder (helpers/time.ts). */
import { DateTime } from 'luxon';

import {
	formatPlain,
	formatWithOffset,
	isValidZone,
	localTimeToIso,
	nowIso,
	parseDateTime,
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

	const JAKARTA = 'Asia/Jakarta';
	const iso = (value: unknown) => parseDateTime(value, JAKARTA)?.toISO() ?? 'not a date';

	it('date-time parameters: luxon, JS Date and epoch milliseconds are read in the zone', () => {
		const tenUtc = Date.UTC(2024, 2, 11, 10);
		expect(iso(DateTime.fromMillis(tenUtc, { zone: 'utc' }))).toBe('2024-03-11T17:00:00.000+07:00');
		expect(iso(new Date(tenUtc))).toBe('2024-03-11T17:00:00.000+07:00');
		expect(iso(tenUtc)).toBe('2024-03-11T17:00:00.000+07:00');
		// Digits in a string are not epoch milliseconds.
		expect(iso(String(tenUtc))).toBe('not a date');
	});

	it('date-time text: ISO, SQL and RFC 2822 forms; a value with its own offset keeps it', () => {
		expect(iso('2024-03-11T10:00:00+08:00')).toBe('2024-03-11T10:00:00.000+08:00');
		expect(iso(' 2024-03-11T10:00:00 ')).toBe('2024-03-11T10:00:00.000+07:00');
		expect(iso('2024-03-11 10:00:00')).toBe('2024-03-11T10:00:00.000+07:00');
		expect(iso('2024-03-11 10:00:00 +08:00')).toBe('2024-03-11T10:00:00.000+08:00');
		expect(iso('Mon, 11 Mar 2024 10:00:00 +0800')).toBe('2024-03-11T10:00:00.000+08:00');
		expect(iso('Mon, 11 Mar 2024 10:00:00 GMT')).toBe('2024-03-11T10:00:00.000Z');
		for (const blank of [undefined, null, '', '  ', 'garbage', {}, true]) {
			expect(parseDateTime(blank, JAKARTA)).toBeUndefined();
		}
	});

	it('formats the way AIRudder takes times', () => {
		const value = DateTime.fromISO('2024-03-11T10:00:00+08:00', { setZone: true });
		expect(formatWithOffset(value)).toBe('2024-03-11 10:00:00+08:00');
		expect(formatPlain(value, JAKARTA)).toBe('2024-03-11 09:00:00');
		expect(formatPlain(value, 'UTC')).toBe('2024-03-11 02:00:00');
	});

	it('wall-clock call times: slashes, padding, T and offsets; anything else is null', () => {
		expect(localTimeToIso('2024/03/11 15:58:26', JAKARTA)).toBe('2024-03-11T15:58:26+07:00');
		expect(localTimeToIso(' 2024-03-11 15:58:26 ', JAKARTA)).toBe('2024-03-11T15:58:26+07:00');
		expect(localTimeToIso('2024-03-11T15:58:26', JAKARTA)).toBe('2024-03-11T15:58:26+07:00');
		expect(localTimeToIso('2024-03-11T15:58:26+08:00', JAKARTA)).toBe('2024-03-11T15:58:26+08:00');
		for (const value of [5, '   ', null, undefined, {}]) {
			expect(localTimeToIso(value, JAKARTA)).toBeNull();
			expect(utcTimeToIso(value)).toBeNull();
		}
		expect(utcTimeToIso(' 2024/03/11 15:58:26 ')).toBe('2024-03-11T15:58:26Z');
		expect(utcTimeToIso('2024-03-11 15:58:26+08:00')).toBe('2024-03-11T15:58:26+08:00');
	});

	it('Unix times: seconds or milliseconds, numbers or digit strings, nothing else', () => {
		expect(unixToIso(1e12)).toBe('2001-09-09T01:46:40Z');
		expect(unixToIso(999_999_999_999)).toBe('+033658-09-27T01:46:39Z');
		expect(unixToIso(' 1744699269 ')).toBe('2025-04-15T06:41:09Z');
		expect(unixToIso('1744699269')).toBe('2025-04-15T06:41:09Z');
		expect(unixToIso('1744699269.5')).toBe('2025-04-15T06:41:09.500Z');
		expect(unixToIso('1744699269.25')).toBe('2025-04-15T06:41:09.250Z');
		for (const value of [0, -5, '0', Infinity, NaN, '12abc', '-5', ['1744699269'], null]) {
			expect(unixToIso(value)).toBeNull();
		}
	});

	it('seconds between: across offsets; null when either end is missing', () => {
		expect(secondsBetween('2024-03-11T15:58:26+07:00', '2024-03-11T08:59:00Z')).toBe(34);
		expect(secondsBetween('2024-03-11T15:58:26+07:00', null)).toBeNull();
		expect(secondsBetween('2024-03-11T15:58:26+07:00', 'garbage')).toBeNull();
	});

	// The fast paths (AIRudder's plain form without luxon's format parser; Date for ISO pairs) give what luxon's
	// parsers give, for every day of years around leap years and DST changes, and for days that do not exist.
	it('fast paths agree with luxon: wall-clock times in zones with DST, and seconds between', () => {
		const pad = (n: number, width = 2) => String(n).padStart(width, '0');
		const zones = [
			'Asia/Jakarta',
			'America/New_York',
			'Europe/Berlin',
			'Australia/Lord_Howe',
			'UTC',
		];
		let checked = 0;
		for (const year of [1999, 2000, 2024, 2025, 2100]) {
			for (let month = 1; month <= 12; month++) {
				for (const day of [1, 13, 28, 29, 30, 31, 32]) {
					for (const [hour, minute] of [
						[0, 0],
						[2, 30],
						[3, 0],
						[23, 59],
						[24, 0],
					]) {
						const text = `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:07`;
						const zone = zones[checked % zones.length];
						const reference =
							[
								DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone }),
								DateTime.fromSQL(text, { zone, setZone: true }),
							]
								.find((dt) => dt.isValid)
								?.toISO({ suppressMilliseconds: true }) ?? null;
						const iso = localTimeToIso(text, zone);
						expect([text, zone, iso]).toEqual([text, zone, reference]);

						const end = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:07${checked % 2 ? 'Z' : '-05:30'}`;
						const start = '2024-02-29T12:00:00.250+07:00';
						const a = DateTime.fromISO(start, { setZone: true });
						const b = DateTime.fromISO(end, { setZone: true });
						const seconds = b.isValid ? Math.round(b.diff(a, 'seconds').seconds) : null;
						expect([end, secondsBetween(start, end)]).toEqual([end, seconds]);
						checked++;
					}
				}
			}
		}
		expect(checked).toBe(5 * 12 * 7 * 5);
	});

	it('now, in UTC ISO', () => {
		const before = Date.now();
		const now = nowIso();
		expect(now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(Date.parse(now)).toBeGreaterThanOrEqual(before);
		expect(Date.parse(now)).toBeLessThanOrEqual(Date.now());
	});
});
