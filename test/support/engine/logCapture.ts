import { AsyncLocalStorage } from 'node:async_hooks';

import type { LogMetadata } from 'n8n-workflow';

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
type LogLevel = (typeof LEVELS)[number];
type LogMethod = (this: unknown, message: string, metadata?: LogMetadata) => void;

export interface CapturedLog {
	level: LogLevel;
	message: string;
	metadata?: LogMetadata;
}

const sinks = new AsyncLocalStorage<CapturedLog[]>();
let installed = false;

/**
 * Records what n8n logs during a run (engine messages and a node's `this.logger`), whatever the
 * configured log level, because a secret written to n8n's log file is a leak too. Patching the
 * shared Logger class catches scoped loggers as well; AsyncLocalStorage keeps concurrent runs apart.
 */
export function installLogCapture(): void {
	if (installed) return;
	installed = true;
	// n8n-core's own logger package (a hoisted dependency of n8n-core), required after n8n-core so
	// the environment is already prepared.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require('@n8n/backend-common') as {
		Logger: { prototype: Record<LogLevel, LogMethod> };
	};
	for (const level of LEVELS) {
		const original = Logger.prototype[level];
		Logger.prototype[level] = function (this: unknown, message, metadata) {
			sinks.getStore()?.push({ level, message, metadata });
			original.call(this, message, metadata);
		};
	}
}

export async function captureLogs<T>(sink: CapturedLog[], work: () => Promise<T>): Promise<T> {
	return await sinks.run(sink, work);
}
