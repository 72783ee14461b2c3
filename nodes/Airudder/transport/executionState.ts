import { sleep, type IExecuteFunctions } from 'n8n-workflow';

/**
 * Shared by every request and by the item pool of one node execution: a token refresh that the other
 * requests wait for, and the slow-down AIRudder asks for (a pause, and fewer requests at once).
 */
export interface ExecutionState {
	/** Counts finished token refreshes: a request that saw an older value may simply try again. */
	authEpoch: number;
	/** Set while one request fetches a new token. */
	refreshing?: Promise<void>;
	/** No request starts before this time (epoch ms). */
	pausedUntil: number;
	/** Lowered when AIRudder throttles us; the item pool reads it. */
	concurrencyLimit: number;
}

const states = new WeakMap<object, ExecutionState>();

export function executionState(ctx: IExecuteFunctions): ExecutionState {
	let state = states.get(ctx);
	if (!state) {
		state = {
			authEpoch: 0,
			pausedUntil: 0,
			concurrencyLimit: Number.POSITIVE_INFINITY,
		};
		states.set(ctx, state);
	}
	return state;
}

/** Marks a token refresh as running; call the returned function when it is over, whatever the outcome. */
export function beginTokenRefresh(state: ExecutionState): () => void {
	let done: () => void = () => undefined;
	state.refreshing = new Promise<void>((resolve) => (done = resolve));
	return () => {
		state.authEpoch++;
		state.refreshing = undefined;
		done();
	};
}

export async function waitWhilePaused(state: ExecutionState) {
	for (;;) {
		const wait = state.pausedUntil - Date.now();
		if (wait <= 0) return;
		await sleep(wait);
	}
}

/** AIRudder asked us to slow down: pause every request, and halve how many run at once. */
export function slowDown(state: ExecutionState, delayMs: number) {
	state.pausedUntil = Math.max(state.pausedUntil, Date.now() + delayMs);
	const current = Number.isFinite(state.concurrencyLimit) ? state.concurrencyLimit : 8;
	state.concurrencyLimit = Math.max(1, Math.floor(current / 2));
}

/** How many requests may run at once: the node's Concurrency, lowered while AIRudder slows us down. */
export function allowedConcurrency(state: ExecutionState, concurrency: number): number {
	return Math.max(1, Math.min(concurrency, state.concurrencyLimit));
}
