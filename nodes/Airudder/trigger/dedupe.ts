/**
 * Exactly-once delivery for AIRudder callbacks.
 *
 * AIRudder re-sends a callback every minute, up to five times, when it does not get a quick 200. Each event
 * gets a key from its natural identity; the first delivery of a key within the window starts the workflow,
 * later ones are answered 200 and start nothing.
 *
 * Where the record lives:
 * - In memory, per workflow + node, shared by every request this n8n process handles. n8n builds a fresh
 *   Workflow object (and a fresh copy of its static data) for every production webhook request, so two
 *   deliveries arriving at the same moment would each see their own copy; the shared memory record is what
 *   makes the check-and-record atomic. `claimEvent` is synchronous: nothing can run between the check and
 *   the record.
 * - In the workflow's static data (node scope), which n8n saves after each webhook request, so the record
 *   survives a restart and is seen by other n8n processes (queue mode) for later retries.
 *
 * Only short hashes of the keys are stored, with the time (Unix seconds) the key was first seen. The record
 * is bounded: expired keys are pruned and, above `maxKeys`, the oldest are evicted.
 */
import { createHash, randomUUID } from 'node:crypto';

import type { AirudderEvent } from './events';
import { canonicalJson, isRecord, rec } from './safe';

export const DEFAULT_DEDUPE_MAX_KEYS = 10_000;
/** The property of the node's static data holding the persisted record. */
export const DEDUPE_STATIC_KEY = 'airudderDedupe';
/** How many workflow/node records one process keeps in memory. */
const MAX_SCOPES = 1_000;
/** Top-level fields that differ between retries of the same event. */
const VOLATILE_FIELDS = new Set(['timestamp']);

function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A key part: a non-empty string or a finite number. */
function part(value: unknown): string | null {
	if (typeof value === 'string') return value === '' ? null : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** The natural identity of an event, or null when a field of it is missing. */
function naturalIdentity(event: AirudderEvent, body: unknown): Array<string | null> | null {
	if (!isRecord(body)) return null;
	switch (event) {
		case 'workflow.statusChanged':
			return [part(body.workflow_id), part(body.status)];
		case 'workflow.contactCompleted':
			return [part(body.workflow_id), part(body.case_id), part(body.callee_number)];
		case 'workflow.apiNodePush':
			return [part(body.workflow_id), part(body.node_id), part(rec(body.call).call_id)];
		case 'chatbot.sessionEnded':
			// Not the `timestamp`: it is the send time and changes between retries.
			return [part(body.call_id)];
		case 'chatbot.transferRequested':
			return [part(body.channel_id), part(rec(body.user).id), part(rec(body.transfer).call_id)];
		default:
			return null;
	}
}

/**
 * The dedupe key of one delivery: a hash of the event name and its natural identity, or, for an unknown
 * shape or a missing identity field, of the whole body (canonical JSON, volatile fields removed).
 */
export function eventKey(event: AirudderEvent, body: unknown): { key: string; natural: boolean } {
	const identity = naturalIdentity(event, body);
	if (identity !== null && identity.every((value) => value !== null)) {
		return { key: sha256Hex(`${event}\n${JSON.stringify(identity)}`).slice(0, 16), natural: true };
	}
	let material: unknown = body;
	if (isRecord(body)) {
		const stable: Record<string, unknown> = {};
		for (const name of Object.keys(body)) {
			if (!VOLATILE_FIELDS.has(name)) stable[name] = body[name];
		}
		material = stable;
	}
	return {
		key: sha256Hex(`${event}\nbody\n${canonicalJson(material)}`).slice(0, 16),
		natural: false,
	};
}

// ---------------------------------------------------------------------------------------------------------

export interface PersistedDedupe {
	v: 1;
	/** The process that last wrote the record, and its revision counter. */
	writer: string;
	rev: number;
	/** Hashed key -> Unix seconds when first seen. */
	keys: Record<string, number>;
}

interface Scope {
	/** Hashed key -> first seen (Unix seconds), kept in ascending time order. */
	entries: Map<string, number>;
	rev: number;
}

let processId = randomUUID();
const scopes = new Map<string, Scope>();

/** Forgets everything held in memory, as an n8n restart would. For tests. */
export function resetDedupeMemory(): void {
	scopes.clear();
	processId = randomUUID();
}

function readPersisted(staticData: Record<string, unknown> | undefined): PersistedDedupe | null {
	const value = staticData?.[DEDUPE_STATIC_KEY];
	if (!isRecord(value) || value.v !== 1 || !isRecord(value.keys)) return null;
	if (
		typeof value.writer !== 'string' ||
		typeof value.rev !== 'number' ||
		!Number.isFinite(value.rev)
	)
		return null;
	return value as unknown as PersistedDedupe;
}

function getScope(scopeId: string): { scope: Scope; created: boolean } {
	const existing = scopes.get(scopeId);
	if (existing) {
		// Most recently used last, so the least recently used is evicted first.
		scopes.delete(scopeId);
		scopes.set(scopeId, existing);
		return { scope: existing, created: false };
	}
	const scope: Scope = { entries: new Map(), rev: 0 };
	scopes.set(scopeId, scope);
	while (scopes.size > MAX_SCOPES) {
		const oldest = scopes.keys().next().value as string;
		scopes.delete(oldest);
	}
	return { scope, created: true };
}

function mergeInto(scope: Scope, persisted: PersistedDedupe): void {
	const all = new Map(scope.entries);
	for (const key of Object.keys(persisted.keys)) {
		const seen = persisted.keys[key];
		if (typeof seen !== 'number' || !Number.isFinite(seen)) continue;
		const mine = all.get(key);
		all.set(key, mine === undefined ? seen : Math.min(mine, seen));
	}
	scope.entries = new Map([...all.entries()].sort((a, b) => a[1] - b[1]));
}

export interface ClaimOptions {
	/** Identifies one trigger node of one workflow (and run mode). */
	scopeId: string;
	/** The node's static data; undefined to keep the record in memory only. */
	staticData?: Record<string, unknown>;
	key: string;
	nowMs: number;
	windowMinutes: number;
	maxKeys?: number;
}

export interface ClaimResult {
	/** Whether this key was already seen within the window: if so, start nothing. */
	duplicate: boolean;
	/** When the key was first seen (Unix seconds). */
	firstSeen: number;
	/** How many keys the record holds now. */
	size: number;
}

/**
 * Checks whether `key` was seen within the window and, if not, records it. Synchronous on purpose: the
 * check and the record happen without anything in between, so concurrent deliveries cannot both pass.
 */
export function claimEvent(options: ClaimOptions): ClaimResult {
	const { scopeId, staticData, key } = options;
	const maxKeys = Math.max(1, Math.floor(options.maxKeys ?? DEFAULT_DEDUPE_MAX_KEYS));
	const now = Math.floor(options.nowMs / 1000);
	const cutoff = now - Math.max(0, options.windowMinutes) * 60;

	const { scope, created } = getScope(scopeId);
	const persisted = readPersisted(staticData);
	if (persisted !== null && (created || persisted.writer !== processId)) {
		mergeInto(scope, persisted);
		// Continue past the stored revision, so the next write replaces the stored record whole.
		if (created) scope.rev = persisted.rev + 1;
	}

	// Prune expired keys (the map is in time order, so stop at the first one still inside the window).
	const removed: string[] = [];
	for (const [seenKey, seenAt] of scope.entries) {
		if (seenAt >= cutoff) break;
		scope.entries.delete(seenKey);
		removed.push(seenKey);
	}

	const firstSeen = scope.entries.get(key);
	if (firstSeen !== undefined) {
		// Nothing new; only carry pruned keys over to the stored record.
		if (removed.length > 0) persist(scope, staticData, persisted, null, removed);
		return { duplicate: true, firstSeen, size: scope.entries.size };
	}

	scope.entries.set(key, now);
	while (scope.entries.size > maxKeys) {
		const oldest = scope.entries.keys().next().value as string;
		scope.entries.delete(oldest);
		removed.push(oldest);
	}
	persist(scope, staticData, persisted, key, removed);

	return { duplicate: false, firstSeen: now, size: scope.entries.size };
}

/** Writes the change to the node's static data: in place when it holds this process's last write, else whole. */
function persist(
	scope: Scope,
	staticData: Record<string, unknown> | undefined,
	persisted: PersistedDedupe | null,
	added: string | null,
	removed: string[],
): void {
	const upToDate =
		persisted !== null && persisted.writer === processId && persisted.rev === scope.rev;
	scope.rev++;
	if (staticData === undefined) return;
	if (upToDate) {
		if (added !== null) persisted.keys[added] = scope.entries.get(added) as number;
		for (const gone of removed) delete persisted.keys[gone];
		persisted.rev = scope.rev;
		// Re-assigning marks n8n's static data as changed, so n8n saves it.
		staticData[DEDUPE_STATIC_KEY] = persisted;
		return;
	}
	const record: PersistedDedupe = {
		v: 1,
		writer: processId,
		rev: scope.rev,
		keys: Object.fromEntries(scope.entries),
	};
	staticData[DEDUPE_STATIC_KEY] = record;
}

/** How many keys the persisted record in `staticData` holds. */
export function persistedSize(staticData: Record<string, unknown> | undefined): number {
	const persisted = readPersisted(staticData);
	return persisted === null ? 0 : Object.keys(persisted.keys).length;
}
