/**
 * The persisted part of the dedupe record: the keys first seen in the last 10 minutes, as one short string in
 * the node's static data. It is what a restarted n8n, or another n8n process (queue mode), knows of the events
 * this process accepted.
 *
 * n8n loads, parses, proxies and saves a workflow's static data on every production webhook request and stores
 * a copy of it with every execution, so this part is one flat string of bounded size: each key is the first
 * 96 bits of its SHA-256 digest (16 base64url characters), grouped by the minute (Unix minutes) it was first
 * seen, oldest minute first:
 *
 *   "29612345:AbCdEfGhIjKlMnOpQrStUvWxYz012345 29612346:6789-_abcdefghij"
 *
 * Reading is a string search; the string is only parsed when it is rewritten (for a new event).
 */

/** The property of the node's static data holding the persisted part. */
export const RECENT_STATIC_KEY = 'airudderRecent';
/** How long a key stays in the persisted part. AIRudder retries within about 5 minutes. */
export const RECENT_MINUTES = 10;
/**
 * At most this many keys are persisted (the newest). 16 characters each: with at most 11 minute headers the
 * string stays under 7.8 KB, so the workflow copy n8n stores with each execution grows by less than 8 KB.
 */
export const RECENT_MAX_KEYS = 480;
/** 96 bits of the digest, base64url. */
export const PREFIX_LENGTH = 16;

const GROUP_SEPARATOR = ' ';
const MINUTE_SEPARATOR = ':';
const PREFIX_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/** The persisted form of a full key (base64url SHA-256 digest). */
export function recentPrefix(key: string): string {
	return key.slice(0, PREFIX_LENGTH);
}

function parseMinute(text: string): number {
	return /^\d{1,12}$/.test(text) ? Number(text) : Number.NaN;
}

/** The persisted string in a node's static data ('' when there is none). */
export function storedRecent(staticData: Record<string, unknown> | undefined): string {
	const value = staticData?.[RECENT_STATIC_KEY];
	return typeof value === 'string' ? value : '';
}

/** Whether `text` holds `prefix`, first seen in minute `sinceMinute` or later. A string search, no parse. */
export function recentHas(text: string, prefix: string, sinceMinute: number): boolean {
	for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
		const groupStart = text.lastIndexOf(GROUP_SEPARATOR, at) + 1;
		const colon = text.indexOf(MINUTE_SEPARATOR, groupStart);
		// Only a match on a key boundary counts, not 16 characters spanning two keys.
		if (colon < 0 || colon > at || (at - colon - 1) % PREFIX_LENGTH !== 0) continue;
		if (parseMinute(text.slice(groupStart, colon)) >= sinceMinute) return true;
	}
	return false;
}

/** The keys in `text` first seen in minute `sinceMinute` or later: prefix -> minute. Malformed parts are skipped. */
export function readRecent(text: string, sinceMinute: number): Map<string, number> {
	const entries = new Map<string, number>();
	for (const group of text.split(GROUP_SEPARATOR)) {
		const colon = group.indexOf(MINUTE_SEPARATOR);
		const minute = colon < 0 ? Number.NaN : parseMinute(group.slice(0, colon));
		if (!(minute >= sinceMinute)) continue;
		for (let at = colon + 1; at + PREFIX_LENGTH <= group.length; at += PREFIX_LENGTH) {
			const prefix = group.slice(at, at + PREFIX_LENGTH);
			if (!PREFIX_PATTERN.test(prefix)) continue;
			const known = entries.get(prefix);
			if (known === undefined || known < minute) entries.set(prefix, minute);
		}
	}
	return entries;
}

/** The persisted string for `entries` (prefix -> minute): the newest `maxKeys` of them, oldest minute first. */
export function encodeRecent(entries: Map<string, number>, maxKeys = RECENT_MAX_KEYS): string {
	const sorted = [...entries].sort((a, b) => a[1] - b[1]);
	const kept = sorted.slice(Math.max(0, sorted.length - maxKeys));
	const groups: string[] = [];
	let current = Number.NaN;
	for (const [prefix, minute] of kept) {
		if (minute !== current) {
			groups.push(`${minute}${MINUTE_SEPARATOR}`);
			current = minute;
		}
		groups[groups.length - 1] += prefix;
	}
	return groups.join(GROUP_SEPARATOR);
}

/**
 * `text` (as encodeRecent or appendRecent wrote it) with `prefix` added in `minute`, groups older than
 * `sinceMinute` dropped and the oldest keys above `maxKeys` dropped: the same keys encodeRecent would keep,
 * without parsing every key. Undefined when `text` does not end at or before `minute` (then encode anew).
 */
export function appendRecent(
	text: string,
	prefix: string,
	minute: number,
	sinceMinute: number,
	maxKeys = RECENT_MAX_KEYS,
): string | undefined {
	// Groups are oldest first: cut the expired ones from the front.
	let start = 0;
	while (start < text.length) {
		const colon = text.indexOf(MINUTE_SEPARATOR, start);
		if (colon < 0) return undefined;
		if (parseMinute(text.slice(start, colon)) >= sinceMinute) break;
		const next = text.indexOf(GROUP_SEPARATOR, colon);
		start = next < 0 ? text.length : next + 1;
	}
	let kept = text.slice(start);
	const lastStart = kept.lastIndexOf(GROUP_SEPARATOR) + 1;
	const lastColon = kept.indexOf(MINUTE_SEPARATOR, lastStart);
	const lastMinute = lastColon < 0 ? Number.NaN : parseMinute(kept.slice(lastStart, lastColon));
	if (kept === '') kept = `${minute}${MINUTE_SEPARATOR}${prefix}`;
	else if (lastMinute === minute) kept += prefix;
	else if (lastMinute < minute) kept += `${GROUP_SEPARATOR}${minute}${MINUTE_SEPARATOR}${prefix}`;
	else return undefined;

	let count = 0;
	for (let at = 0; at < kept.length; ) {
		const colon = kept.indexOf(MINUTE_SEPARATOR, at);
		const end = kept.indexOf(GROUP_SEPARATOR, colon);
		const groupEnd = end < 0 ? kept.length : end;
		if (colon < 0 || (groupEnd - colon - 1) % PREFIX_LENGTH !== 0) return undefined;
		count += (groupEnd - colon - 1) / PREFIX_LENGTH;
		at = groupEnd + 1;
	}
	for (; count > maxKeys; count--) {
		const colon = kept.indexOf(MINUTE_SEPARATOR);
		const end = kept.indexOf(GROUP_SEPARATOR);
		kept =
			end === colon + 1 + PREFIX_LENGTH
				? kept.slice(end + 1)
				: kept.slice(0, colon + 1) + kept.slice(colon + 1 + PREFIX_LENGTH);
	}
	return kept;
}
