// Icons and codex files are not TypeScript: copy them next to the compiled nodes and credentials.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:assets', copyAssets);

function copyAssets() {
	const nodeAssets = path.resolve('nodes', '**', '*.{png,svg,json}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeAssets).pipe(dest(nodeDestination));

	const credAssets = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	return src(credAssets).pipe(dest(credDestination));
}
