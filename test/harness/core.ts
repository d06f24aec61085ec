import type * as N8nCore from 'n8n-core';

import { prepareEngineEnvironment } from './environment';
import { installLogCapture } from './logCapture';

let core: typeof N8nCore | undefined;

/** n8n-core reads its environment while loading, so it is required only after that is prepared. */
export function loadCore(): typeof N8nCore {
	prepareEngineEnvironment();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	core ??= require('n8n-core') as typeof N8nCore;
	installLogCapture();
	return core;
}
