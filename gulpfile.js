const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads icons and codex files from dist/ next to the compiled node.
function copyAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], { base: '.' }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = copyAssets;
