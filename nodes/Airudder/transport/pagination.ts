import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Endpoint } from './endpoints';
import { airudderRequest } from './request';

/** Stops a paging loop whose server ignores the page field. */
const MAX_PAGES = 2000;

/** AIRudder lists come bare or wrapped under one of these keys. */
const LIST_KEYS = ['list', 'data', 'items', 'records', 'details', 'rows'];

export function listInData(data: unknown): IDataObject[] {
	if (data === undefined || data === null || data === '') return [];
	if (Array.isArray(data))
		return data.map(
			(entry) => (entry && typeof entry === 'object' ? entry : { value: entry }) as IDataObject,
		);
	if (typeof data === 'object') {
		for (const key of LIST_KEYS) {
			const value = (data as IDataObject)[key];
			if (Array.isArray(value)) return listInData(value);
		}
		return [data as IDataObject];
	}
	return [{ value: data } as IDataObject];
}

export interface PageOptions {
	endpoint: Endpoint;
	body: IDataObject;
	itemIndex: number;
	returnAll: boolean;
	limit: number;
	pageSize: number;
}

/** Reads page after page (`page`, `page_size`) until the list ends, the total is reached, or the limit. */
export async function fetchPages(
	this: IExecuteFunctions,
	options: PageOptions,
): Promise<IDataObject[]> {
	const { endpoint, body, itemIndex, returnAll, limit, pageSize } = options;
	const collected: IDataObject[] = [];
	let previousFirst: string | undefined;
	for (let page = 1; page <= MAX_PAGES; page++) {
		const size = returnAll ? pageSize : Math.min(pageSize, limit - collected.length);
		const envelope = await airudderRequest.call(this, {
			endpoint,
			body: { ...body, page, page_size: size },
			itemIndex,
		});
		const list = listInData(envelope.data);
		const first = list.length > 0 ? JSON.stringify(list[0]) : undefined;
		if (first !== undefined && first === previousFirst) break; // the same page again: paging not supported
		previousFirst = first;
		collected.push(...list);
		if (!returnAll && collected.length >= limit) return collected.slice(0, limit);
		const total = Number((envelope.data as IDataObject | undefined)?.total);
		if (list.length < size || (!Number.isNaN(total) && collected.length >= total)) break;
	}
	return collected;
}
