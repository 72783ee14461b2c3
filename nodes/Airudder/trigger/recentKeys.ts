/**
 * The persisted part of the dedupe record: the keys first seen in the last 10 minutes, as one short string in
 * the node's static data. It is what a restarted n8n, or another n8n process (queue mode), knows of the events
 * this process accepted.
 *
 * n8n loads, parses, proxies and saves a workflow's static data on every production webhook request and stores
 * a copy of it with every execution, so this part is one flat string of bounded size: each key is the first
 * 96 bits of its SHA-256 digest (16 base64url characters) after one character for the second it was first seen
 * (0-59, in the base64url alphabet), grouped by the minute (Unix minutes), oldest first:
 *
 *   "29612345:AAbCdEfGhIjKlMnOpQrStUvWxYz012345 29612346:k6789-_abcdefghij"
 *
 * The second orders keys within a minute, so "the newest N" means the same to every process that rewrites the
 * string. Reading is a string search; the string is only parsed when it is rewritten (for a new event).
 */

/** The property of the node's static data holding the persisted part. */
export const RECENT_STATIC_KEY = 'airudderRecent';
/** How long a key stays in the persisted part. AIRudder retries within about 5 minutes. */
export const RECENT_MINUTES = 10;
/**
 * At most this many keys are persisted (the newest). 17 characters each: with at most 11 minute headers the
 * string stays under 4.2 KB. The static data's size is most of what the trigger costs n8n beyond its own
 * Webhook node (docs/benchmarks-trigger.md), so N is what that cost allows.
 */
export const RECENT_MAX_KEYS = 240;
/** 96 bits of the digest, base64url. */
export const PREFIX_LENGTH = 16;
/** One character for the second, then the prefix. */
const ENTRY_LENGTH = PREFIX_LENGTH + 1;

const GROUP_SEPARATOR = ' ';
const MINUTE_SEPARATOR = ':';
const PREFIX_PATTERN = /^[A-Za-z0-9_-]{16}$/;
const SECONDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01234567';

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
		// Only a match on a key boundary counts, not 16 characters spanning two entries.
		if (colon < 0 || colon > at || (at - colon - 2) % ENTRY_LENGTH !== 0) continue;
		if (!SECONDS.includes(text[at - 1])) continue;
		if (parseMinute(text.slice(groupStart, colon)) >= sinceMinute) return true;
	}
	return false;
}

/**
 * The keys in `text` first seen in minute `sinceMinute` or later: prefix -> Unix seconds. Malformed parts are
 * skipped.
 */
export function readRecent(text: string, sinceMinute: number): Map<string, number> {
	const entries = new Map<string, number>();
	for (const group of text.split(GROUP_SEPARATOR)) {
		const colon = group.indexOf(MINUTE_SEPARATOR);
		const minute = colon < 0 ? Number.NaN : parseMinute(group.slice(0, colon));
		if (!(minute >= sinceMinute)) continue;
		for (let at = colon + 1; at + ENTRY_LENGTH <= group.length; at += ENTRY_LENGTH) {
			const second = SECONDS.indexOf(group[at]);
			const prefix = group.slice(at + 1, at + ENTRY_LENGTH);
			if (second < 0 || !PREFIX_PATTERN.test(prefix)) continue;
			const seenAt = minute * 60 + second;
			const known = entries.get(prefix);
			if (known === undefined || known < seenAt) entries.set(prefix, seenAt);
		}
	}
	return entries;
}

function entry(prefix: string, seenAt: number): string {
	return SECONDS[seenAt % 60] + prefix;
}

/** The persisted string for `entries` (prefix -> Unix seconds): the newest `maxKeys` of them, oldest first. */
export function encodeRecent(entries: Map<string, number>, maxKeys = RECENT_MAX_KEYS): string {
	const sorted = [...entries].sort((a, b) => a[1] - b[1]);
	const kept = sorted.slice(Math.max(0, sorted.length - maxKeys));
	const groups: string[] = [];
	let current = Number.NaN;
	for (const [prefix, seenAt] of kept) {
		const minute = Math.floor(seenAt / 60);
		if (minute !== current) {
			groups.push(`${minute}${MINUTE_SEPARATOR}`);
			current = minute;
		}
		groups[groups.length - 1] += entry(prefix, seenAt);
	}
	return groups.join(GROUP_SEPARATOR);
}

/**
 * `text` (as encodeRecent or appendRecent wrote it) with `prefix` added, first seen at `seenAt` (Unix seconds),
 * groups older than `sinceMinute` dropped and the oldest keys above `maxKeys` dropped: the same keys
 * encodeRecent would keep, without parsing every key. Undefined when `text` does not end at or before `seenAt`
 * (then encode anew).
 */
export function appendRecent(
	text: string,
	prefix: string,
	seenAt: number,
	sinceMinute: number,
	maxKeys = RECENT_MAX_KEYS,
): string | undefined {
	const minute = Math.floor(seenAt / 60);
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
	const lastSecond = SECONDS.indexOf(kept[kept.length - ENTRY_LENGTH]);
	if (kept === '') kept = `${minute}${MINUTE_SEPARATOR}${entry(prefix, seenAt)}`;
	else if (lastMinute === minute && lastSecond >= 0 && lastSecond <= seenAt % 60)
		kept += entry(prefix, seenAt);
	else if (lastMinute < minute)
		kept += `${GROUP_SEPARATOR}${minute}${MINUTE_SEPARATOR}${entry(prefix, seenAt)}`;
	else return undefined;

	let count = 0;
	for (let at = 0; at < kept.length; ) {
		const colon = kept.indexOf(MINUTE_SEPARATOR, at);
		const end = kept.indexOf(GROUP_SEPARATOR, colon);
		const groupEnd = end < 0 ? kept.length : end;
		if (colon < 0 || (groupEnd - colon - 1) % ENTRY_LENGTH !== 0) return undefined;
		count += (groupEnd - colon - 1) / ENTRY_LENGTH;
		at = groupEnd + 1;
	}
	for (; count > maxKeys; count--) {
		const colon = kept.indexOf(MINUTE_SEPARATOR);
		const end = kept.indexOf(GROUP_SEPARATOR);
		kept =
			end === colon + 1 + ENTRY_LENGTH
				? kept.slice(end + 1)
				: kept.slice(0, colon + 1) + kept.slice(colon + 1 + ENTRY_LENGTH);
	}
	return kept;
}
