import { JusBizFailure } from '../../nodes/JusBiz/helpers/errors';

/** The JusBizFailure a call throws or rejects with; anything else fails the test. */
export async function failureOf(run: () => unknown): Promise<JusBizFailure> {
	try {
		await run();
	} catch (error) {
		if (error instanceof JusBizFailure) return error;
		throw error;
	}
	throw new Error('expected a JusBizFailure');
}
