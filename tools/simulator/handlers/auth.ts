/**
 * Auth area: POST /service/cloud/auth issues tokens; cloud routes check "Authorization: Token <token>".
 */
import { randomBytes } from 'node:crypto';

import { cloudFail, invalidJson, isObject, type Answer, type JsonObject } from '../envelopes';
import { routeKey, type RouteHandler, type Routes } from '../routes';
import type { ExpireMode, SimState } from '../state';

export const AUTH_PATH = '/service/cloud/auth';
const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

function issueToken(state: SimState, body: unknown): Answer {
	const b = isObject(body) ? body : {};
	const key = b.APPKey;
	const secret = b.APPSecret;
	if (typeof key !== 'string' || key === '' || typeof secret !== 'string' || secret === '') {
		return cloudFail(10801);
	}
	if (key !== state.credentials.appKey) return cloudFail(10301);
	if (secret !== state.credentials.appSecret) return cloudFail(10302);
	const now = Date.now();
	const currentToken = state.currentToken;
	const current = currentToken !== undefined ? state.tokens.get(currentToken) : undefined;
	if (currentToken !== undefined && current && !current.revoked && current.expiresAt > now) {
		current.expiresAt += TOKEN_LIFETIME_MS;
		return { status: 200, body: { data: { token: currentToken }, status: 'OK', code: 200 } };
	}
	const token = randomBytes(39).toString('base64');
	state.tokens.set(token, { expiresAt: now + TOKEN_LIFETIME_MS, revoked: false });
	state.currentToken = token;
	return { status: 200, body: { data: { token }, status: 'OK', code: 200 } };
}

function checkToken(state: SimState, headers: Record<string, string>): Answer | undefined {
	const header = headers.authorization;
	if (header === undefined || header.trim() === '') return cloudFail(10810, undefined, 401);
	if (!header.startsWith('Token ')) return cloudFail(10812, undefined, 401);
	const token = header.slice('Token '.length).trim();
	if (token === '') return cloudFail(10810, undefined, 401);
	const info = state.tokens.get(token);
	if (!info) return cloudFail(10812, undefined, 401);
	if (info.revoked || info.expiresAt <= Date.now()) {
		return cloudFail(10813, 'expired token', state.expiredMode === 'http401' ? 401 : 200);
	}
	return undefined;
}

/** A cloud route: the token is checked before the body is read. */
export function withToken(state: SimState, handler: (body: JsonObject) => Answer): RouteHandler {
	return ({ headers, parsed }) => {
		const denied = checkToken(state, headers);
		if (denied) return denied;
		if (!parsed.ok || !isObject(parsed.value)) return invalidJson();
		return handler(parsed.value);
	};
}

/** Revokes every issued token; the next cloud call with one is answered as `mode` says. */
export function expireTokens(state: SimState, mode: ExpireMode): void {
	for (const info of state.tokens.values()) info.revoked = true;
	state.currentToken = undefined;
	state.expiredMode = mode;
}

export function authRoutes(state: SimState): Routes {
	return {
		[routeKey('POST', AUTH_PATH)]: ({ parsed }) => {
			if (!parsed.ok || !isObject(parsed.value)) return invalidJson();
			return issueToken(state, parsed.value);
		},
	};
}
