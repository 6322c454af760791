// Review 2 (outside reading): Leonardo Create's Output Fields checked before paying.
//
// README, Options: "A name the answer does not have fails the item with the answer's fields … where
// the answer's fields are known before the request (Leonardo's Create without waiting), it fails
// before anything is paid for." README, Reading lists: "Leonardo AI's *Create* outputs `{ "id",
// "generationId", "apiCreditCost" }` whether or not it waits".
//
// The check runs against `{ id, generationId, apiCreditCost: 0 }`, but the output is built from
// Leonardo's answer: an answer whose `sdGenerationJob` has no `apiCreditCost` (a faulty or changed
// provider answer; the field is not needed to find the generation) passes the check, is paid for,
// and then fails the item on the very field the check accepted — with a message that contradicts
// itself (`no field "apiCreditCost" (did you mean "apiCreditCost"?) … Its fields: id,
// generationId, apiCreditCost.`).
import nock from 'nock';

import { outputJson, runNode } from '../harness/run';

test('Leonardo Generation → Create, not waiting, Output Fields "id, apiCreditCost", Leonardo\'s answer without apiCreditCost: the paid generation is output, not failed on a field the pre-check accepted', async () => {
	let creates = 0;
	nock('https://cloud.leonardo.ai')
		.post('/api/rest/v1/generations')
		.reply(() => {
			creates++;
			return [200, { sdGenerationJob: { generationId: 'g9' } }];
		});
	const result = await runNode(
		'leonardoAi',
		{
			resource: 'generation',
			operation: 'create',
			prompt: 'A red fox in the snow',
			options: { outputFields: 'id, apiCreditCost' },
		},
		{ onError: 'continueRegularOutput' },
	);
	expect(creates).toBe(1);
	const [item] = outputJson(result);
	// Today: { error: 'Output Fields: the answer has no field "apiCreditCost" (did you mean
	// "apiCreditCost"? names are case-sensitive). Its fields: id, generationId, apiCreditCost.;
	// before this, the item made generation g9 (its credits are spent): …', reason: 'invalidInput' }
	// — a re-run after "fixing" the input pays again.
	expect(item.error).toBeUndefined();
	expect(item.id).toBe('g9');
});
