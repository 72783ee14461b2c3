import type { IExecuteFunctions } from 'n8n-workflow';

import {
	allowedConcurrency,
	beginTokenRefresh,
	executionState,
	slowDown,
	waitWhilePaused,
} from '../../nodes/Airudder/transport/executionState';

const context = () => ({}) as IExecuteFunctions;

test('one state per execution context', () => {
	const a = context();
	expect(executionState(a)).toBe(executionState(a));
	expect(executionState(a)).not.toBe(executionState(context()));
	expect(executionState(a)).toEqual({
		authEpoch: 0,
		pausedUntil: 0,
		concurrencyLimit: Number.POSITIVE_INFINITY,
	});
});

test('a token refresh is awaited by others and counted when it ends', async () => {
	const state = executionState(context());
	const end = beginTokenRefresh(state);
	const waiting = state.refreshing!;
	let released = false;
	void waiting.then(() => (released = true));
	await Promise.resolve();
	expect(released).toBe(false);
	end();
	await waiting;
	expect(released).toBe(true);
	expect(state).toMatchObject({ authEpoch: 1, refreshing: undefined });
});

test('slowing down pauses requests and halves how many run at once, never below 1', async () => {
	const state = executionState(context());
	expect(allowedConcurrency(state, 5)).toBe(5);
	slowDown(state, 30);
	expect(state.concurrencyLimit).toBe(4);
	expect(allowedConcurrency(state, 5)).toBe(4);
	expect(allowedConcurrency(state, 2)).toBe(2);
	expect(state.pausedUntil).toBeGreaterThan(Date.now());
	await waitWhilePaused(state);
	expect(Date.now()).toBeGreaterThanOrEqual(state.pausedUntil);
	for (let i = 0; i < 5; i++) slowDown(state, 0);
	expect(allowedConcurrency(state, 5)).toBe(1);
	expect(allowedConcurrency(state, 0)).toBe(1);
});

test('a shorter pause never shortens one already asked for', () => {
	const state = executionState(context());
	const before = Date.now();
	slowDown(state, 5_000);
	const until = state.pausedUntil;
	expect(until).toBeGreaterThanOrEqual(before + 5_000);
	slowDown(state, 10);
	expect(state.pausedUntil).toBe(until);
	expect(state.concurrencyLimit).toBe(2);
});
