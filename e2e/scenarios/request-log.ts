/**
 * Reading the simulator's request log in the scenarios: the requests of one run, by path, their bodies and answers.
 */
import { AUTH_PATH, type LoggedRequest, type Simulator } from '../../tools/simulator/server';
import type { N8nItem } from '../lib/n8nProcess';

export { AUTH_PATH };
export const CREATE_PATH = '/service/cloud/workflow/createinstance';
export const UPLOAD_PATH = '/service/cloud/workflow/uploaddetails';
export const LOOKUP_PATH = '/service/cloud/workflow/detailinstances';
export const TEMPLATE_PATH = '/api/v1/template/send';

export function since(sim: Simulator, mark: number): LoggedRequest[] {
	return sim.requests.filter((r) => r.seq > mark);
}

export function lastSeq(sim: Simulator): number {
	return sim.requests.length ? sim.requests[sim.requests.length - 1].seq : 0;
}

export function auths(requests: LoggedRequest[]): LoggedRequest[] {
	return requests.filter((r) => r.method === 'POST' && r.path === AUTH_PATH);
}

export function to(requests: LoggedRequest[], p: string): LoggedRequest[] {
	return requests.filter((r) => r.path === p);
}

export function bodyOf(r: LoggedRequest): Record<string, unknown> {
	return (r.body && typeof r.body === 'object' ? r.body : {}) as Record<string, unknown>;
}

export function answerCode(r: LoggedRequest): unknown {
	return (r.responseBody as { code?: unknown } | undefined)?.code;
}

export function accepted(r: LoggedRequest): boolean {
	return r.status === 200 && answerCode(r) === 200;
}

export function details(r: LoggedRequest): Array<Record<string, unknown>> {
	const d = bodyOf(r).details;
	return Array.isArray(d) ? (d as Array<Record<string, unknown>>) : [];
}

export function pairedItems(item: N8nItem | undefined): number[] {
	const p = item?.pairedItem;
	if (p === undefined) return [];
	return (Array.isArray(p) ? p : [p]).map((x) => x.item);
}

export function range(n: number, skip: number[] = []): number[] {
	return Array.from({ length: n }, (_, i) => i).filter((i) => !skip.includes(i));
}
