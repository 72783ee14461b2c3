/** "item 3" or "items 0-2, 5": input item indexes, consecutive ones as ranges. */
export function itemList(indexes: number[]): string {
	const sorted = [...new Set(indexes)].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; i++) {
		let end = i;
		// Past the end sorted[end + 1] is undefined, which ends the range.
		while (sorted[end + 1] === sorted[end] + 1) end++;
		parts.push(end === i ? String(sorted[i]) : `${sorted[i]}-${sorted[end]}`);
		i = end;
	}
	return `${sorted.length === 1 ? 'item' : 'items'} ${parts.join(', ')}`;
}

export interface StoppedRun {
	/** Items AIRudder accepted before the run stopped. */
	sent: number[];
	/** Items whose request failed, besides the one reported. */
	alsoFailed: number[];
	/** Items never sent. */
	notSent: number[];
}

/** What went out before a run stopped, so it can be continued without sending anything twice. */
export function stoppedRunNote(run: StoppedRun): string {
	const parts = [
		run.sent.length > 0
			? `Sent before the run stopped (AIRudder accepted them): ${itemList(run.sent)}.`
			: 'No other item went out.',
	];
	if (run.alsoFailed.length > 0) parts.push(`Also failed: ${itemList(run.alsoFailed)}.`);
	if (run.notSent.length > 0) parts.push(`Not sent: ${itemList(run.notSent)}.`);
	return parts.join(' ');
}
