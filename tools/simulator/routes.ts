/**
 * Route table of the simulator: each area's handlers register under 'METHOD /path'.
 */
import type { Answer, Parsed } from './envelopes';

export interface RouteRequest {
	method: string;
	path: string;
	/** Header names lower-cased. */
	headers: Record<string, string>;
	parsed: Parsed;
}

export type RouteHandler = (request: RouteRequest) => Answer;

/** Keyed by routeKey(method, path). */
export type Routes = Record<string, RouteHandler>;

export function routeKey(method: string, path: string): string {
	return `${method} ${path}`;
}

export function dispatch(routes: Routes, request: RouteRequest): Answer {
	const key = routeKey(request.method, request.path);
	if (!Object.prototype.hasOwnProperty.call(routes, key)) {
		return {
			status: 404,
			body: { code: 404, message: `not found: ${request.method} ${request.path}` },
		};
	}
	return routes[key](request);
}
