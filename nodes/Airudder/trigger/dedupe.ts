/**
 * Exactly-once delivery for AIRudder callbacks.
 *
 * AIRudder re-sends a callback every minute, up to five times, when it does not get a quick 200. Each event
 * has a key (eventKey.ts); the first delivery of a key within the Deduplication Window starts the workflow,
 * later ones are answered 200 and start nothing.
 *
 * Where the record lives:
 * - Memory is the record: per workflow + node, the full key of every event this n8n process accepted within
 *   the window. n8n builds a fresh Workflow (and a fresh copy of its static data) for every production webhook
 *   request, so only memory shared by all requests can make the check-and-record atomic; `claimEvent` is
 *   synchronous, so nothing runs between the check and the record.
 * - The node's static data holds only the keys accepted in the last 10 minutes, compactly (recentKeys.ts), for
 *   a restarted n8n and for other n8n processes (queue mode). n8n saves static data (the whole column, last
 *   writer wins) at the end of each production webhook request, and only when it changed. It changes for a
 *   new event, and when another process's concurrent save dropped keys this process accepted in the last 10
 *   minutes: any request (new or repeat) that finds one missing writes them back.
 */
import {
	appendRecent,
	RECENT_MAX_KEYS,
	RECENT_MINUTES,
	RECENT_STATIC_KEY,
	encodeRecent,
	readRecent,
	recentHas,
	recentPrefix,
	storedRecent,
} from './recentKeys';
import { isRecord } from './safe';

/** At most this many keys are held in memory by one n8n process (all AIRudder Triggers together). */
export const DEFAULT_MEMORY_MAX_KEYS = 500_000;
/** How many workflow/node records one process keeps in memory. */
export const MAX_SCOPES = 1_000;
/** The record of version 0.1.0 of this node ({ v: 1, keys: { <16 hex>: <Unix seconds> } }), read once to upgrade. */
export const LEGACY_STATIC_KEY = 'airudderDedupe';

interface Scope {
	/** Full key -> Unix seconds first seen, oldest first. */
	seen: Map<string, number>;
	/** Keys this process accepted in the last RECENT_MINUTES: prefix -> Unix seconds, oldest first. */
	mine: Map<string, number>;
	/** Keys of the 0.1.0 record seen in the last RECENT_MINUTES before the upgrade: 16 hex -> Unix seconds. */
	legacy: Map<string, number>;
	/** The newest time in `legacy`. */
	legacyNewest: number;
	/** The persisted text this process wrote last. */
	written?: string;
	/** The last persisted text found to hold all of `mine` (then nothing needs restoring). */
	verified?: string;
}

export interface ClaimOptions {
	/** Identifies one trigger node of one workflow. */
	scopeId: string;
	/** The node's static data; undefined to keep the record in memory only. */
	staticData?: Record<string, unknown>;
	/** The full key (eventKey().key). */
	key: string;
	nowMs: number;
	windowMinutes: number;
}

export interface ClaimResult {
	/** Whether this key was already seen within the window: if so, start nothing. */
	duplicate: boolean;
	/** How many keys this scope holds in memory now. */
	size: number;
}

/** The record of one n8n process. */
export class DedupeMemory {
	private readonly scopes = new Map<string, Scope>();
	private total = 0;

	constructor(readonly maxKeys = DEFAULT_MEMORY_MAX_KEYS) {}

	/** How many keys this process holds, all scopes together. */
	get size(): number {
		return this.total;
	}

	/**
	 * Checks whether `key` was seen within the window and, if not, records it. Synchronous on purpose: the
	 * check and the record happen without anything in between, so concurrent deliveries cannot both pass.
	 */
	claim(options: ClaimOptions): ClaimResult {
		const { staticData, key } = options;
		const now = Math.floor(options.nowMs / 1000);
		const minute = Math.floor(now / 60);
		const windowSeconds = Math.max(0, options.windowMinutes) * 60;
		const recentSince =
			minute - Math.min(RECENT_MINUTES, Math.ceil(Math.max(0, options.windowMinutes)));
		const scope = this.scope(options.scopeId, staticData, now);
		this.forgetBefore(scope, now - windowSeconds, minute);
		const prefix = recentPrefix(key);
		const stored = storedRecent(staticData);

		if (
			scope.seen.has(key) ||
			// Accepted before a restart, or by another n8n process.
			recentHas(stored, prefix, recentSince) ||
			(scope.legacy.size > 0 && seenByLegacy(scope, key, now - windowSeconds, now))
		) {
			// A repeat leaves static data alone, unless a concurrent save dropped keys of this process.
			if (staticData !== undefined) restoreLost(staticData, stored, scope, now);
			return { duplicate: true, size: scope.seen.size };
		}

		scope.seen.set(key, now);
		this.total++;
		while (this.total > this.maxKeys) this.evictOldest();
		scope.mine.delete(prefix);
		scope.mine.set(prefix, now);
		while (scope.mine.size > RECENT_MAX_KEYS) scope.mine.delete(firstKey(scope.mine));
		scope.verified = undefined;
		if (staticData !== undefined) write(staticData, stored, scope, now, prefix);
		return { duplicate: false, size: scope.seen.size };
	}

	private scope(scopeId: string, staticData: Record<string, unknown> | undefined, now: number) {
		const existing = this.scopes.get(scopeId);
		if (existing) {
			// Most recently used last, so the least recently used is evicted first.
			this.scopes.delete(scopeId);
			this.scopes.set(scopeId, existing);
			return existing;
		}
		const scope: Scope = { seen: new Map(), mine: new Map(), ...readLegacy(staticData, now) };
		this.scopes.set(scopeId, scope);
		while (this.scopes.size > MAX_SCOPES) {
			const oldest = firstKey(this.scopes);
			this.total -= this.scopes.get(oldest)?.seen.size ?? 0;
			this.scopes.delete(oldest);
		}
		return scope;
	}

	/** Drops keys first seen before `cutoff` (the map is in time order: stop at the first one still inside). */
	private forgetBefore(scope: Scope, cutoff: number, minute: number): void {
		for (const [key, seenAt] of scope.seen) {
			if (seenAt >= cutoff) break;
			scope.seen.delete(key);
			this.total--;
		}
		for (const [prefix, seenAt] of scope.mine) {
			if (Math.floor(seenAt / 60) >= minute - RECENT_MINUTES) break;
			scope.mine.delete(prefix);
		}
	}

	/** Above the memory bound: forgets the oldest key of all scopes. */
	private evictOldest(): void {
		let victim: Scope | undefined;
		let oldest = Number.POSITIVE_INFINITY;
		for (const scope of this.scopes.values()) {
			const first = scope.seen.values().next();
			if (!first.done && first.value < oldest) {
				oldest = first.value;
				victim = scope;
			}
		}
		if (victim === undefined) {
			this.total = 0;
			return;
		}
		victim.seen.delete(firstKey(victim.seen));
		this.total--;
	}
}

function firstKey<K, V>(map: Map<K, V>): K {
	return map.keys().next().value as K;
}

/**
 * Writes this process's keys of the last 10 minutes back when the stored text lacks one that it would keep: a
 * concurrent save of another process (last writer wins) dropped it. Checked once per stored text.
 */
function restoreLost(
	staticData: Record<string, unknown>,
	stored: string,
	scope: Scope,
	now: number,
): void {
	if (scope.mine.size === 0 || stored === scope.written || stored === scope.verified) return;
	const entries = readRecent(stored, Math.floor(now / 60) - RECENT_MINUTES);
	// At the cap a key no newer than the oldest stored one would be dropped again: not lost, and two
	// processes above the cap do not keep rewriting each other's keys.
	let oldest = Number.NEGATIVE_INFINITY;
	if (entries.size >= RECENT_MAX_KEYS) oldest = Math.min(...entries.values());
	for (const [prefix, seenAt] of scope.mine) {
		if (seenAt > oldest && !entries.has(prefix)) {
			write(staticData, stored, scope, now, undefined, entries);
			return;
		}
	}
	scope.verified = stored;
}

/**
 * Rewrites the persisted part: what is stored (last 10 minutes) plus this process's own recent keys. When the
 * stored text is the one this process wrote last, nobody else wrote since: the new key is appended.
 */
function write(
	staticData: Record<string, unknown>,
	stored: string,
	scope: Scope,
	now: number,
	added?: string,
	parsed?: Map<string, number>,
): void {
	const since = Math.floor(now / 60) - RECENT_MINUTES;
	let text: string | undefined;
	if (added !== undefined && stored === scope.written && !recentHas(stored, added, 0)) {
		text = appendRecent(stored, added, now, since);
	}
	if (text === undefined) {
		const entries = parsed ?? readRecent(stored, since);
		for (const [prefix, seenAt] of scope.mine) {
			const known = entries.get(prefix);
			if (known === undefined || known < seenAt) entries.set(prefix, seenAt);
		}
		text = encodeRecent(entries);
	}
	scope.written = text;
	// Assigning marks n8n's static data as changed, so n8n saves it: only when something changed.
	if (text !== stored) staticData[RECENT_STATIC_KEY] = text;
	if (LEGACY_STATIC_KEY in staticData) delete staticData[LEGACY_STATIC_KEY];
}

/** The 0.1.0 record's keys seen in the last RECENT_MINUTES (as after a restart), read once per process. */
function readLegacy(
	staticData: Record<string, unknown> | undefined,
	now: number,
): Pick<Scope, 'legacy' | 'legacyNewest'> {
	const legacy = new Map<string, number>();
	let legacyNewest = 0;
	const record = staticData?.[LEGACY_STATIC_KEY];
	if (!isRecord(record) || record.v !== 1 || !isRecord(record.keys))
		return { legacy, legacyNewest };
	const since = now - RECENT_MINUTES * 60;
	for (const [key, seenAt] of Object.entries(record.keys)) {
		if (/^[0-9a-f]{16}$/.test(key) && typeof seenAt === 'number' && seenAt >= since) {
			legacy.set(key, seenAt);
			legacyNewest = Math.max(legacyNewest, seenAt);
		}
	}
	return { legacy, legacyNewest };
}

/** 0.1.0 stored the first 64 bits of the same digest, as hex. Forgotten RECENT_MINUTES after the upgrade. */
function seenByLegacy(scope: Scope, key: string, cutoff: number, now: number): boolean {
	const since = Math.max(cutoff, now - RECENT_MINUTES * 60);
	if (scope.legacyNewest < since) {
		scope.legacy.clear();
		return false;
	}
	const seenAt = scope.legacy.get(Buffer.from(key, 'base64url').toString('hex', 0, 8));
	return seenAt !== undefined && seenAt >= since;
}

let processMemory = new DedupeMemory();

/** claim() on this n8n process's record. */
export function claimEvent(options: ClaimOptions): ClaimResult {
	return processMemory.claim(options);
}

/** Forgets everything held in memory, as an n8n restart would. For tests (maxKeys: a smaller memory bound). */
export function resetDedupeMemory(options: { maxKeys?: number } = {}): void {
	processMemory = new DedupeMemory(options.maxKeys);
}

/** This process's record. For tests and measurements. */
export function dedupeMemory(): DedupeMemory {
	return processMemory;
}
