// Generated from nodes/shared/multipart.ts at the repository's top level by `npm run packages`: edit that file.
import { randomBytes } from 'node:crypto';

export type MultipartPart =
	| { field: string; value: string }
	| { field: string; fileName: string; contentType: string; data: Buffer };

/**
 * A multipart/form-data body built by hand: the same bytes whatever HTTP client n8n runs,
 * and no runtime dependency.
 */
export function multipartBody(parts: MultipartPart[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nImageStorage${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		const name = quote(part.field);
		if ('data' in part) {
			chunks.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${quote(part.fileName)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`,
				),
				part.data,
				Buffer.from('\r\n'),
			);
		} else {
			chunks.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${part.value}\r\n`,
				),
			);
		}
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function quote(text: string): string {
	return text.replace(/["\r\n]/g, (character) => encodeURIComponent(character));
}
