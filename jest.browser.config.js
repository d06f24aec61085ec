/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.config.js'),
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 180000,
};
