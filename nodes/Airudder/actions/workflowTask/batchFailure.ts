import type { INodeExecutionData } from 'n8n-workflow';

import type { BatchReport } from '../../transport/batching';
import { errorItemJson } from '../perItemRunner';

/** Contacts of a failed batch, and those after it that were never sent, as error items. */
export function failedBatchItems(
	failed: BatchReport['failed'],
	workflowId: string,
): INodeExecutionData[] {
	if (!failed) return [];
	const json = errorItemJson(failed.error);
	const failedItems = failed.entries.map((entry) => ({
		json: { ...json, workflow_id: workflowId },
		pairedItem: { item: entry.itemIndex },
	}));
	const notSent = failed.notSent.map((entry) => ({
		json: { error: 'Not sent: an earlier batch failed', workflow_id: workflowId },
		pairedItem: { item: entry.itemIndex },
	}));
	return [...failedItems, ...notSent];
}

/**
 * What the error that stopped an upload adds: how many contacts the task holds and where to go on, so
 * that nothing is added twice. taskCreated: the task was created by this run (Create).
 */
export function stoppedUploadNote(upload: {
	workflowId: string;
	sent: number;
	total: number;
	nextItem: number;
	taskCreated: boolean;
}): string {
	const held = upload.taskCreated
		? `Task ${upload.workflowId} was created with ${upload.sent} of ${upload.total} contacts`
		: `${upload.sent} of ${upload.total} contacts were added to task ${upload.workflowId}`;
	return `${held}; add the others, from input item ${upload.nextItem} on, with Add Contacts.`;
}
