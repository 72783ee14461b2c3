import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from './endpoints';
import { airudderRequest } from './request';

/** Splits a list into consecutive slices of at most size entries. */
export function inBatches<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

export interface BatchEntry {
	itemIndex: number;
	contact: IDataObject;
}

export interface BatchReport {
	/** Entries AIRudder accepted. */
	sent: BatchEntry[];
	/** Entries of the batch that failed, with its error, and every entry after it (never sent). */
	failed?: { error: Error; entries: BatchEntry[]; notSent: BatchEntry[] };
	requests: number;
}

/**
 * Adds contacts to a workflow task in batches, one request at a time. A failed batch stops the rest:
 * after a failed write we cannot know what AIRudder holds, so nothing more is sent blindly.
 */
export async function uploadContactBatches(
	this: IExecuteFunctions,
	workflowId: string,
	entries: BatchEntry[],
	batchSize: number,
): Promise<BatchReport> {
	const report: BatchReport = { sent: [], requests: 0 };
	const batches = inBatches(entries, batchSize);
	for (let b = 0; b < batches.length; b++) {
		const batch = batches[b];
		report.requests++;
		try {
			await airudderRequest.call(this, {
				endpoint: ENDPOINTS.addContacts,
				body: { workflow_id: workflowId, details: batch.map((entry) => entry.contact) },
				itemIndex: batch[0].itemIndex,
			});
			report.sent.push(...batch);
		} catch (error) {
			report.failed = {
				error: error as Error,
				entries: batch,
				notSent: batches.slice(b + 1).flat(),
			};
			break;
		}
	}
	return report;
}
