/**
 * Identifiers the simulator hands out: random 32-hex ids, and md5-derived ones that stay stable per task.
 */
import { createHash, randomBytes } from 'node:crypto';

export function hex32(): string {
	return randomBytes(16).toString('hex');
}

export function md5(text: string): string {
	return createHash('md5').update(text).digest('hex');
}
