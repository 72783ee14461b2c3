/**
 * The persisted part of the dedupe record (trigger/recentKeys.ts): 96-bit digest prefixes, each after the second
 * it was first seen, grouped by minute, in one string.
 */
import {
	appendRecent,
	PREFIX_LENGTH,
	RECENT_MAX_KEYS,
	RECENT_STATIC_KEY,
	encodeRecent,
	readRecent,
	recentHas,
	recentPrefix,
	storedRecent,
} from '../../nodes/Airudder/trigger/recentKeys';

/** A valid 16-character prefix made of one repeated character plus a number. */
function prefix(n: number, fill = 'A'): string {
	const tail = n.toString(36);
	return fill.repeat(PREFIX_LENGTH - tail.length) + tail;
}

/** Unix seconds of `second` in `minute`. */
const at = (minute: number, second = 0) => minute * 60 + second;
/** The character of a second (base64url alphabet). */
const sec = (second: number) =>
	'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01234567'[second];

describe('recent keys (persisted part)', () => {
	it('a prefix is the first 96 bits of the base64url digest', () => {
		const key = 'q1w2e3r4t5y6u7i8o9p0-_AbCdEfGhIjKlMnOpQrStU';
		expect(recentPrefix(key)).toBe('q1w2e3r4t5y6u7i8');
		expect(recentPrefix(key)).toHaveLength(16);
	});

	it('encodes keys grouped by minute, each after its second, oldest first', () => {
		const entries = new Map([
			[prefix(1), at(100, 30)],
			[prefix(2), at(101, 59)],
			[prefix(3), at(100, 5)],
		]);
		expect(encodeRecent(entries)).toBe(
			`100:${sec(5)}${prefix(3)}${sec(30)}${prefix(1)} 101:${sec(59)}${prefix(2)}`,
		);
		expect(sec(0) + sec(59)).toBe('A7');
		expect(encodeRecent(new Map())).toBe('');
	});

	it('reads back what it wrote (Unix seconds), from a given minute on', () => {
		const entries = new Map([
			[prefix(1), at(100, 1)],
			[prefix(2), at(105, 0)],
			[prefix(3), at(110, 59)],
		]);
		const text = encodeRecent(entries);
		expect(readRecent(text, 0)).toEqual(entries);
		expect([...readRecent(text, 105).keys()]).toEqual([prefix(2), prefix(3)]);
		expect(readRecent(text, 111).size).toBe(0);
		expect(readRecent('', 0).size).toBe(0);
	});

	it('keeps the newest maxKeys to the second, dropping the oldest', () => {
		const entries = new Map<string, number>();
		// Inserted newest first within each minute: the order kept is the time's, not the map's.
		for (let i = 0; i < 30; i++) entries.set(prefix(i), at(1000 + Math.floor(i / 3), 50 - (i % 3)));
		const text = encodeRecent(entries, 10);
		const kept = readRecent(text, 0);
		expect(kept.size).toBe(10);
		// Minute 1006 holds i = 18 (second 50), 19 (49), 20 (48): only its newest fits beside minutes 1007-1009.
		expect(new Set(kept.keys())).toEqual(
			new Set([18, 21, 22, 23, 24, 25, 26, 27, 28, 29].map((i) => prefix(i))),
		);
		const newestOfTwo = encodeRecent(
			new Map([
				[prefix(1), at(7, 9)],
				[prefix(2), at(7, 8)],
			]),
			1,
		);
		expect(newestOfTwo).toBe(`7:${sec(9)}${prefix(1)}`);
	});

	it('finds a prefix by string search, only on a key boundary and from a given minute on', () => {
		const a = 'abcdefghijklmnop';
		const b = 'qrstuvwxyzABCDEF';
		const text = encodeRecent(
			new Map([
				[a, at(200, 1)],
				[b, at(200, 2)],
				[prefix(7), at(203)],
			]),
		);
		expect(recentHas(text, a, 200)).toBe(true);
		expect(recentHas(text, b, 200)).toBe(true);
		expect(recentHas(text, prefix(7), 203)).toBe(true);
		// 16 characters spanning two entries are not a key.
		expect(recentHas(text, 'ijklmnopCqrstuvw', 0)).toBe(false);
		expect(recentHas(text, `${sec(1)}abcdefghijklmno`, 0)).toBe(false);
		// Too old for the asked range.
		expect(recentHas(text, a, 201)).toBe(false);
		expect(recentHas(text, prefix(8), 0)).toBe(false);
		expect(recentHas('', a, 0)).toBe(false);
	});

	it('a key also present off-boundary is still found on its boundary', () => {
		// The second entry contains the first one's tail and head: the first (unaligned) hit is skipped.
		const wanted = 'ABCDEFGHIJKLMNOP';
		const text = `300:Axxxxxxxx${'ABCDEFGH'}B${'IJKLMNOPyyyyyyyy'}C${wanted}`;
		expect(recentHas(text, wanted, 300)).toBe(true);
		expect(readRecent(text, 0).get(wanted)).toBe(at(300, 2));
	});

	it('ignores malformed content', () => {
		const good = prefix(5);
		const text = `notaminute:A${prefix(1)} 12x:A${prefix(2)} 400:B${good}short 401 401:A${'!'.repeat(16)} 402:!${prefix(3)} 403:${prefix(4)}`;
		expect([...readRecent(text, 0).entries()]).toEqual([[good, at(400, 1)]]);
		expect(recentHas(text, prefix(1), 0)).toBe(false);
		// A second outside 0-59 is not a second.
		expect(recentHas(text, prefix(3), 0)).toBe(false);
		expect(recentHas(text, good, 400)).toBe(true);
		expect(storedRecent({ [RECENT_STATIC_KEY]: 42 })).toBe('');
		expect(storedRecent(undefined)).toBe('');
		expect(storedRecent({ [RECENT_STATIC_KEY]: text })).toBe(text);
	});

	it('at the cap, 11 minutes of keys fit in less than 4.2 KB', () => {
		const entries = new Map<string, number>();
		for (let i = 0; i < RECENT_MAX_KEYS + 100; i++)
			entries.set(prefix(i, 'Z'), at(29_000_000 + (i % 11), i % 60));
		const text = encodeRecent(entries);
		expect(readRecent(text, 0).size).toBe(RECENT_MAX_KEYS);
		expect(JSON.stringify(text).length).toBeLessThan(4_200);
	});

	it('appending keeps exactly what encoding anew would keep (expiry, cap, minute groups, seconds)', () => {
		let random = 7;
		const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31);
		let text = '';
		const all = new Map<string, number>();
		let now = at(29_000_000);
		for (let i = 0; i < 600; i++) {
			now += next() % 4 === 0 ? next() % 100 : 0;
			const key = prefix(i, 'Q');
			all.set(key, now);
			const sinceMinute = Math.floor(now / 60) - 10;
			const appended = appendRecent(text, key, now, sinceMinute, 40);
			const expected = encodeRecent(readRecent(encodeRecent(all, 1_000), sinceMinute), 40);
			expect(appended).toBe(expected);
			text = appended as string;
		}
	});

	it('appending refuses a time older than the last key (the caller encodes anew)', () => {
		const text = encodeRecent(new Map([[prefix(1), at(500, 10)]]));
		expect(appendRecent(text, prefix(2), at(499, 10), 490)).toBeUndefined();
		expect(appendRecent(text, prefix(2), at(500, 9), 490)).toBeUndefined();
		expect(appendRecent(text, prefix(2), at(500, 10), 490)).toBe(
			`500:${sec(10)}${prefix(1)}${sec(10)}${prefix(2)}`,
		);
		expect(appendRecent('', prefix(2), at(500), 490)).toBe(`500:A${prefix(2)}`);
		expect(appendRecent(text, prefix(2), at(520, 3), 511)).toBe(`520:${sec(3)}${prefix(2)}`);
		expect(appendRecent('garbage', prefix(2), at(520), 511)).toBeUndefined();
	});
});

describe('recent keys: caps, repeats and malformed text (pure)', () => {
	it('the persisted property keeps its name across versions', () => {
		expect(RECENT_STATIC_KEY).toBe('airudderRecent');
		expect(storedRecent({ airudderRecent: `1:A${prefix(1)}` })).toBe(`1:A${prefix(1)}`);
	});

	it('a prefix in two minute groups is read with its newest time, whatever the order', () => {
		expect(readRecent(`200:A${prefix(1)} 100:B${prefix(1)}`, 0).get(prefix(1))).toBe(at(200));
		expect(readRecent(`100:B${prefix(1)} 200:A${prefix(1)}`, 0).get(prefix(1))).toBe(at(200));
		expect(readRecent(`100:C${prefix(1)}B${prefix(1)}`, 0).get(prefix(1))).toBe(at(100, 2));
	});

	it('a minute is 1 to 12 plain digits', () => {
		for (const header of ['1e3', '+100', '1234567890123', '0x10', '-5', '']) {
			expect(readRecent(`${header}:A${prefix(1)}`, 0).size).toBe(0);
			expect(recentHas(`${header}:A${prefix(1)}`, prefix(1), 0)).toBe(false);
		}
		expect(readRecent(`123456789012:A${prefix(1)}`, 0).get(prefix(1))).toBe(at(123456789012));
		expect(readRecent(`0:A${prefix(1)}`, 0).get(prefix(1))).toBe(0);
	});

	it('appending above the cap drops the oldest keys: one key of a group, or a whole group', () => {
		const p = (n: number) => `${sec(n)}${prefix(n, 'C')}`;
		const add = (text: string, n: number, minute: number, cap: number) =>
			appendRecent(text, prefix(n, 'C'), at(minute, n), 95, cap);
		// Four keys with a cap of 3: the oldest key of the oldest group goes.
		expect(add(`100:${p(1)}${p(2)} 101:${p(3)}`, 4, 101, 3)).toBe(`100:${p(2)} 101:${p(3)}${p(4)}`);
		// The oldest group empties: it goes with its header.
		expect(add(`100:${p(1)} 101:${p(2)}`, 3, 102, 2)).toBe(`101:${p(2)} 102:${p(3)}`);
		// Several over the cap at once.
		expect(add(`100:${p(1)}${p(2)} 101:${p(3)}${p(4)}`, 5, 101, 2)).toBe(`101:${p(4)}${p(5)}`);
		// Exactly at the cap: nothing dropped.
		expect(add(`100:${p(1)} 101:${p(2)}`, 3, 101, 3)).toBe(`100:${p(1)} 101:${p(2)}${p(3)}`);
		// The same as encoding anew.
		const entries = new Map([
			[prefix(1, 'C'), at(100, 1)],
			[prefix(2, 'C'), at(100, 2)],
			[prefix(3, 'C'), at(101, 3)],
			[prefix(4, 'C'), at(101, 4)],
			[prefix(5, 'C'), at(101, 5)],
		]);
		expect(encodeRecent(entries, 2)).toBe(`101:${p(4)}${p(5)}`);
	});

	it('appending refuses text it did not write (the caller encodes anew)', () => {
		const add = (text: string, minute: number) => appendRecent(text, prefix(2), at(minute), 95);
		expect(add(`100:A${prefix(1)}xyz`, 100)).toBeUndefined();
		expect(add(`99:A${prefix(1)}x 100:A${prefix(3)}`, 100)).toBeUndefined();
		expect(add(`100:A${prefix(1)} A${prefix(3)}`, 101)).toBeUndefined();
		expect(add(`100:A${prefix(1)} junk`, 101)).toBeUndefined();
		expect(add(`100:${prefix(1)}`, 100)).toBeUndefined();
		// Expired groups are cut before the check: a malformed expired group does not matter.
		expect(add(`80:A${prefix(1)}x 100:A${prefix(3)}`, 100)).toBe(`100:A${prefix(3)}A${prefix(2)}`);
		expect(add(`80:A${prefix(1)}`, 100)).toBe(`100:A${prefix(2)}`);
	});
});
