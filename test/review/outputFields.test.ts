// Review (outside reading): Output Fields.
//
// README, Options: "*Output Fields* (only the fields you name …; a dot reaches inside, e.g.
// `count.current`; each operation's placeholder names fields its answer has) … A name the answer
// does not have fails the item with the answer's fields …: a typo never gives silent empty answers."
import type { INodeProperties } from 'n8n-workflow';
import nock from 'nock';

import { loadPackage } from '../harness/engine';
import { runNode } from '../harness/run';

/** The Output Fields placeholder the editor shows for a resource's operation. */
async function placeholderOf(node: string, resource: string, operation: string): Promise<string> {
	const { nodeTypes } = await loadPackage();
	const type = nodeTypes.getByNameAndVersion(`n8n-nodes-image-storage.${node}`, 1);
	const options = type.description.properties.find(
		(property) =>
			property.name === 'options' &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);
	const field = (options?.options as INodeProperties[] | undefined)?.find(
		(option) => option.name === 'outputFields',
	);
	return String(field?.placeholder ?? '').replace(/^e\.g\. /, '');
}

test('Leonardo Generation → Create (not waiting, the default) with the fields its Output Fields placeholder names: the answer has them — the item does not fail after the generation was made and paid for', async () => {
	const example = await placeholderOf('leonardoAi', 'generation', 'create');
	expect(example).toBe('id, generationId, apiCreditCost');
	nock('https://cloud.leonardo.ai')
		.post('/api/rest/v1/generations')
		.reply(200, { sdGenerationJob: { generationId: 'g1', apiCreditCost: 8 } });
	const result = await runNode('leonardoAi', {
		resource: 'generation',
		operation: 'create',
		prompt: 'A red fox',
		options: { outputFields: example },
	});
	// Today: 'Output Fields: the answer has no field "status". Its fields: id, generationId,
	// apiCreditCost.; before this, the item made generation g1 (its credits are spent) …' —
	// after the paid create; a re-run pays again.
	expect(result.error?.message).toBeUndefined();
});

test('Cloudflare Image → Get, Output Fields "meta.__proto__" (a key the answer holds, in metadata the user set): the value is output, not silently dropped', async () => {
	nock('https://api.cloudflare.com').get('/client/v4/accounts/acc123/images/v1/img1').reply(
		200,
		// As Cloudflare sends it: the metadata an upload gave, key for key.
		'{"success":true,"errors":[],"messages":[],"result":{"id":"img1","filename":"a.png","uploaded":"2026-01-01T00:00:00Z","variants":[],"meta":{"__proto__":{"campaign":"spring"},"owner":"ann"}}}',
		{ 'Content-Type': 'application/json' },
	);
	const result = await runNode('cloudflareImages', {
		resource: 'image',
		operation: 'get',
		imageId: { __rl: true, mode: 'id', value: 'img1' },
		options: { outputFields: 'id, meta.__proto__' },
	});
	expect(result.error).toBeUndefined();
	const [item] = result.outputs('Node 1')[0];
	// Today: { id: 'img1', meta: {} } — the check found the field, the output lost it.
	expect(JSON.parse(JSON.stringify(item.json))).toEqual({
		id: 'img1',
		meta: JSON.parse('{"__proto__":{"campaign":"spring"}}'),
	});
});

test('Leonardo Generation → Create (not waiting) with an Output Field its answer cannot have: the item fails before the generation is paid for', async () => {
	let creates = 0;
	nock('https://cloud.leonardo.ai')
		.post('/api/rest/v1/generations')
		.optionally()
		.reply(200, () => {
			creates++;
			return { sdGenerationJob: { generationId: 'g1', apiCreditCost: 8 } };
		});
	const result = await runNode('leonardoAi', {
		resource: 'generation',
		operation: 'create',
		prompt: 'A red fox',
		options: { outputFields: 'id, status' },
	});
	expect(result.error?.message).toBe(
		'Output Fields: the answer has no field "status". Its fields: id, generationId, apiCreditCost.',
	);
	expect(creates).toBe(0);
});
