// The spec check the engine suites run on every request: it must see what it is there to see.
import { specViolations } from '../harness/specs';

const bearer = { authorization: 'Bearer k', 'content-type': 'application/json' };

test('the camelCase generation fields Leonardo ignores are violations; its own names pass', () => {
	const send = (body: object) =>
		specViolations({
			method: 'POST',
			url: 'https://cloud.leonardo.ai/api/rest/v1/generations',
			headers: bearer,
			body: JSON.stringify(body),
		});
	expect(send({ prompt: 'p', num_images: 2, init_image_id: 'i', init_strength: 0.5 })).toEqual([]);
	expect(send({ prompt: 'p', numImages: 2 })).toEqual([
		expect.stringMatching(
			/^leonardo POST \/api\/rest\/v1\/generations: body: .*additional properties/,
		),
	]);
});

test('an undeclared query parameter, a missing key and an unknown route are violations', () => {
	expect(
		specViolations({
			method: 'GET',
			url: 'https://api.imagekit.io/v1/files?limit=1&colour=red',
			headers: { authorization: 'Basic x' },
			body: '',
		}),
	).toEqual(['imagekit GET /v1/files: query parameter "colour" is not in the spec']);
	expect(
		specViolations({
			method: 'GET',
			url: 'https://api.imagekit.io/v1/files?limit=1',
			headers: {},
			body: '',
		}),
	).toEqual(['imagekit GET /v1/files: no authentication the spec takes (basicAuth)']);
	expect(
		specViolations({
			method: 'GET',
			url: 'https://api.imagekit.io/v1/folders',
			headers: { authorization: 'Basic x' },
			body: '',
		}),
	).toEqual(['imagekit GET /v1/folders: no such route in the imagekit spec']);
});

test("a route the specs do not cover is not judged; a spec's known fault is waived where it is listed", () => {
	expect(
		specViolations({
			method: 'DELETE',
			url: 'https://batch.imagedelivery.net/images/v1/x',
			headers: {},
			body: '',
		}),
	).toBeUndefined();
	// Cloudflare 2024 marks a JSON body required on DELETE; the real API takes none.
	expect(
		specViolations({
			method: 'DELETE',
			url: 'https://api.cloudflare.com/client/v4/accounts/a/images/v1/x',
			headers: { authorization: 'Bearer t' },
			body: '',
		}),
	).toEqual([]);
});
