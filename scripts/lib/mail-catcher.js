// @ts-check
// A real SMTP server on 127.0.0.1 for the dev environment's SMTP credential: it accepts every
// message without authentication and keeps it, parsed, so the operator sees what Send Email sent.
'use strict';

const { simpleParser } = require('mailparser');
const { SMTPServer } = require('smtp-server');

/**
 * @typedef {import('mailparser').ParsedMail} ParsedMail
 * @typedef {{ port: number, messages: ParsedMail[], refuseNext(count: number): void, close(): Promise<void> }} MailCatcher
 */

/**
 * @param {{ port?: number, onMail?: (mail: ParsedMail) => void }} [options]
 * @returns {Promise<MailCatcher>}
 */
async function startMailCatcher(options = {}) {
	/** @type {ParsedMail[]} */
	const messages = [];
	// A mail server that is down for a while: tests make the next messages fail, as a refusal.
	let refusals = 0;
	const server = new SMTPServer({
		authOptional: true,
		// n8n's SMTP credential has "Disable STARTTLS"; the catcher has no certificate to offer anyway.
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			if (refusals > 0) {
				refusals -= 1;
				stream.resume();
				stream.on('end', () => {
					const error = Object.assign(new Error('Mailbox temporarily unavailable'), {
						responseCode: 451,
					});
					callback(error);
				});
				return;
			}
			simpleParser(stream).then(
				(mail) => {
					messages.push(mail);
					options.onMail?.(mail);
					callback();
				},
				(/** @type {Error} */ error) => callback(error),
			);
		},
	});
	await new Promise((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
	});
	const address = server.server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		port,
		messages,
		refuseNext(count) {
			refusals = count;
		},
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

/**
 * One line per message: who, subject and the attachments with their types and sizes.
 * @param {ParsedMail} mail
 */
function describeMail(mail) {
	const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
	const attachments = mail.attachments.map(
		(a) => `${a.filename ?? '(no name)'} (${a.contentType}, ${a.size} bytes)`,
	);
	return `to ${to}: "${mail.subject ?? ''}"; attachments: ${attachments.join(', ') || 'none'}`;
}

module.exports = { startMailCatcher, describeMail };
