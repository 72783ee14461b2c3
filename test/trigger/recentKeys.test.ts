/**
 * The persisted part of the dedupe record (trigger/recentKeys.ts): 96-bit digest prefixes grouped by minute, in
 * one string.
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

describe('recent keys (persisted part)', () => {
	it('a prefix is the first 96 bits of the base64url digest', () => {
		const key = 'q1w2e3r4t5y6u7i8o9p0-_AbCdEfGhIjKlMnOpQrStU';
		expect(recentPrefix(key)).toBe('q1w2e3r4t5y6u7i8');
		expect(recentPrefix(key)).toHaveLength(16);
	});

	it('encodes keys grouped by minute, oldest minute first', () => {
		const entries = new Map([
			[prefix(1), 100],
			[prefix(2), 101],
			[prefix(3), 100],
		]);
		expect(encodeRecent(entries)).toBe(`100:${prefix(1)}${prefix(3)} 101:${prefix(2)}`);
		expect(encodeRecent(new Map())).toBe('');
	});

	it('reads back what it wrote, from a given minute on', () => {
		const entries = new Map([
			[prefix(1), 100],
			[prefix(2), 105],
			[prefix(3), 110],
		]);
		const text = encodeRecent(entries);
		expect(readRecent(text, 0)).toEqual(entries);
		expect([...readRecent(text, 105).keys()]).toEqual([prefix(2), prefix(3)]);
		expect(readRecent(text, 111).size).toBe(0);
		expect(readRecent('', 0).size).toBe(0);
	});

	it('keeps the newest maxKeys, dropping the oldest', () => {
		const entries = new Map<string, number>();
		for (let i = 0; i < 30; i++) entries.set(prefix(i), 1000 + Math.floor(i / 3));
		const text = encodeRecent(entries, 10);
		const kept = readRecent(text, 0);
		expect(kept.size).toBe(10);
		expect([...kept.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => prefix(20 + i)));
	});

	it('finds a prefix by string search, only on a key boundary and from a given minute on', () => {
		const a = 'abcdefghijklmnop';
		const b = 'qrstuvwxyzABCDEF';
		const text = encodeRecent(
			new Map([
				[a, 200],
				[b, 200],
				[prefix(7), 203],
			]),
		);
		expect(recentHas(text, a, 200)).toBe(true);
		expect(recentHas(text, b, 200)).toBe(true);
		expect(recentHas(text, prefix(7), 203)).toBe(true);
		// 16 characters spanning two keys are not a key.
		expect(recentHas(text, 'ijklmnopqrstuvwx', 0)).toBe(false);
		// Too old for the asked range.
		expect(recentHas(text, a, 201)).toBe(false);
		expect(recentHas(text, prefix(8), 0)).toBe(false);
		expect(recentHas('', a, 0)).toBe(false);
	});

	it('a key also present off-boundary is still found on its boundary', () => {
		// The second key contains the first one's tail and head: the first (unaligned) hit is skipped.
		const wanted = 'ABCDEFGHIJKLMNOP';
		const text = `300:xxxxxxxxABCDEFGH${'IJKLMNOPyyyyyyyy'}${wanted}`;
		expect(recentHas(text, wanted, 300)).toBe(true);
		expect(readRecent(text, 0).has(wanted)).toBe(true);
	});

	it('ignores malformed content', () => {
		const good = prefix(5);
		const text = `notaminute:${prefix(1)} 12x:${prefix(2)} 400:${good}short 401 401:${'!'.repeat(16)}`;
		expect([...readRecent(text, 0).entries()]).toEqual([[good, 400]]);
		expect(recentHas(text, prefix(1), 0)).toBe(false);
		expect(recentHas(text, good, 400)).toBe(true);
		expect(storedRecent({ [RECENT_STATIC_KEY]: 42 })).toBe('');
		expect(storedRecent(undefined)).toBe('');
		expect(storedRecent({ [RECENT_STATIC_KEY]: text })).toBe(text);
	});

	it('at the cap, 11 minutes of keys fit in less than 7.8 KB', () => {
		const entries = new Map<string, number>();
		for (let i = 0; i < RECENT_MAX_KEYS + 100; i++)
			entries.set(prefix(i, 'Z'), 29_000_000 + (i % 11));
		const text = encodeRecent(entries);
		expect(readRecent(text, 0).size).toBe(RECENT_MAX_KEYS);
		expect(JSON.stringify(text).length).toBeLessThan(7_800);
	});

	it('appending keeps exactly what encoding anew would keep (expiry, cap, minute groups)', () => {
		let random = 7;
		const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31);
		let text = '';
		const all = new Map<string, number>();
		let minute = 29_000_000;
		for (let i = 0; i < 600; i++) {
			minute += next() % 4 === 0 ? 1 + (next() % 3) : 0;
			const key = prefix(i, 'Q');
			all.set(key, minute);
			const appended = appendRecent(text, key, minute, minute - 10, 40);
			const expected = encodeRecent(readRecent(encodeRecent(all, 1_000), minute - 10), 40);
			expect(appended).toBe(expected);
			text = appended as string;
		}
	});

	it('appending refuses a minute older than the last group (the caller encodes anew)', () => {
		const text = encodeRecent(new Map([[prefix(1), 500]]));
		expect(appendRecent(text, prefix(2), 499, 490)).toBeUndefined();
		expect(appendRecent(text, prefix(2), 500, 490)).toBe(`500:${prefix(1)}${prefix(2)}`);
		expect(appendRecent('', prefix(2), 500, 490)).toBe(`500:${prefix(2)}`);
		expect(appendRecent(text, prefix(2), 520, 511)).toBe(`520:${prefix(2)}`);
		expect(appendRecent('garbage', prefix(2), 520, 511)).toBeUndefined();
	});
});

describe('recent keys: caps, repeats and malformed text (pure)', () => {
	it('the persisted property keeps its name across versions', () => {
		expect(RECENT_STATIC_KEY).toBe('airudderRecent');
		expect(storedRecent({ airudderRecent: `1:${prefix(1)}` })).toBe(`1:${prefix(1)}`);
	});

	it('a prefix in two minute groups is read with its newest minute, whatever the order', () => {
		expect(readRecent(`200:${prefix(1)} 100:${prefix(1)}`, 0).get(prefix(1))).toBe(200);
		expect(readRecent(`100:${prefix(1)} 200:${prefix(1)}`, 0).get(prefix(1))).toBe(200);
	});

	it('a minute is 1 to 12 plain digits', () => {
		for (const header of ['1e3', '+100', '1234567890123', '0x10', '-5', '']) {
			expect(readRecent(`${header}:${prefix(1)}`, 0).size).toBe(0);
			expect(recentHas(`${header}:${prefix(1)}`, prefix(1), 0)).toBe(false);
		}
		expect(readRecent(`123456789012:${prefix(1)}`, 0).get(prefix(1))).toBe(123456789012);
		expect(readRecent(`0:${prefix(1)}`, 0).get(prefix(1))).toBe(0);
	});

	it('appending above the cap drops the oldest keys: one key of a group, or a whole group', () => {
		const p = (n: number) => prefix(n, 'C');
		// Four keys with a cap of 3: the oldest key of the oldest group goes.
		expect(appendRecent(`100:${p(1)}${p(2)} 101:${p(3)}`, p(4), 101, 95, 3)).toBe(
			`100:${p(2)} 101:${p(3)}${p(4)}`,
		);
		// The oldest group empties: it goes with its header.
		expect(appendRecent(`100:${p(1)} 101:${p(2)}`, p(3), 102, 95, 2)).toBe(
			`101:${p(2)} 102:${p(3)}`,
		);
		// Several over the cap at once.
		expect(appendRecent(`100:${p(1)}${p(2)} 101:${p(3)}${p(4)}`, p(5), 101, 95, 2)).toBe(
			`101:${p(4)}${p(5)}`,
		);
		// Exactly at the cap: nothing dropped.
		expect(appendRecent(`100:${p(1)} 101:${p(2)}`, p(3), 101, 95, 3)).toBe(
			`100:${p(1)} 101:${p(2)}${p(3)}`,
		);
		// The same as encoding anew.
		const entries = new Map([
			[p(1), 100],
			[p(2), 100],
			[p(3), 101],
			[p(4), 101],
			[p(5), 101],
		]);
		expect(encodeRecent(entries, 2)).toBe(`101:${p(4)}${p(5)}`);
	});

	it('appending refuses text it did not write (the caller encodes anew)', () => {
		expect(appendRecent(`100:${prefix(1)}xyz`, prefix(2), 100, 95)).toBeUndefined();
		expect(appendRecent(`99:${prefix(1)}x 100:${prefix(3)}`, prefix(2), 100, 95)).toBeUndefined();
		expect(appendRecent(`100:${prefix(1)} ${prefix(3)}`, prefix(2), 101, 95)).toBeUndefined();
		expect(appendRecent(`100:${prefix(1)} junk`, prefix(2), 101, 95)).toBeUndefined();
		// Expired groups are cut before the check: a malformed expired group does not matter.
		expect(appendRecent(`80:${prefix(1)}x 100:${prefix(3)}`, prefix(2), 100, 95)).toBe(
			`100:${prefix(3)}${prefix(2)}`,
		);
		expect(appendRecent(`80:${prefix(1)}`, prefix(2), 100, 95)).toBe(`100:${prefix(2)}`);
	});
});
