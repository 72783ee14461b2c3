/**
 * Jest runner, used only by stryker.config.mjs. Stryker runs each mutant with the tests that covered it,
 * passed as a test name pattern; Jest alone would still load every test file to find those tests, which
 * costs more than the tests themselves. This runner starts only the files that hold one of them (known
 * from the dry run, see recordTestFiles.js), the quickest first, and stops at the first file with a
 * failing test: the mutant is killed then (Stryker's other runners bail the same way).
 */
const fs = require('node:fs');
const path = require('node:path');
const TestRunner = require('jest-runner').default;

const TEST_FILES = path.join(__dirname, '.test-files.jsonl');

/** Test names by file, from the dry run; undefined before it. */
function testNamesByFile() {
	if (!fs.existsSync(TEST_FILES)) return undefined;
	const byFile = new Map();
	for (const line of fs.readFileSync(TEST_FILES, 'utf8').split('\n')) {
		if (line === '') continue;
		const [file, name] = JSON.parse(line);
		byFile.set(file, [...(byFile.get(file) ?? []), name]);
	}
	return byFile;
}

class SelectedTestFilesRunner extends TestRunner {
	async runTests(tests, watcher, options) {
		// The dry run (no mutant active) runs everything, as Jest would.
		if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined || !options.serial) {
			return await super.runTests(tests, watcher, options);
		}
		const pattern = this._globalConfig.testNamePattern;
		const byFile = pattern ? testNamesByFile() : undefined;
		if (byFile) {
			// The same match as jest-circus makes against each test's full name.
			const selected = new RegExp(pattern, 'i');
			tests = tests.filter((test) => {
				const names = byFile.get(test.path);
				// A file the dry run did not see runs as usual.
				return names === undefined || names.some((name) => selected.test(name));
			});
		}
		let failed = false;
		const offSuccess = this.on('test-file-success', ([, result]) => {
			if (result.numFailingTests > 0 || result.testExecError) failed = true;
		});
		const offFailure = this.on('test-file-failure', () => (failed = true));
		try {
			const quickestFirst = [...tests].sort(
				(a, b) => (a.duration ?? Infinity) - (b.duration ?? Infinity),
			);
			for (const test of quickestFirst) {
				if (failed || watcher.isInterrupted()) break;
				await super.runTests([test], watcher, options);
			}
		} finally {
			offSuccess();
			offFailure();
		}
	}
}

module.exports = SelectedTestFilesRunner;
