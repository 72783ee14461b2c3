/** Collects the suite's checks: every mismatch is printed and counted; the suite exits non-zero if any failed. */
import { isDeepStrictEqual } from 'node:util';

export interface CheckResult {
	scenario: string;
	name: string;
	ok: boolean;
	detail?: string;
}

function show(value: unknown): string {
	const text = JSON.stringify(value);
	return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

export class Checks {
	readonly results: CheckResult[] = [];
	private scenario = '';
	private verbose: boolean;

	constructor(verbose = false) {
		this.verbose = verbose;
	}

	in(scenario: string): this {
		this.scenario = scenario;
		return this;
	}

	ok(name: string, condition: boolean, detail?: string): boolean {
		const result: CheckResult = {
			scenario: this.scenario,
			name,
			ok: condition,
			detail: condition ? undefined : detail,
		};
		this.results.push(result);
		if (!condition) console.log(`  FAIL [${this.scenario}] ${name}${detail ? `: ${detail}` : ''}`);
		else if (this.verbose) console.log(`  ok   [${this.scenario}] ${name}`);
		return condition;
	}

	eq(name: string, actual: unknown, expected: unknown): boolean {
		return this.ok(
			name,
			isDeepStrictEqual(actual, expected),
			`expected ${show(expected)}, got ${show(actual)}`,
		);
	}

	/** A step that threw: recorded as a failed check so the suite goes on with the other scenarios. */
	error(name: string, error: unknown): void {
		const e = error as Error;
		this.ok(name, false, e?.message ?? String(error));
	}

	get failed(): CheckResult[] {
		return this.results.filter((r) => !r.ok);
	}

	get passed(): number {
		return this.results.length - this.failed.length;
	}

	scenarioFailed(scenario: string): boolean {
		return this.results.some((r) => r.scenario === scenario && !r.ok);
	}
}
