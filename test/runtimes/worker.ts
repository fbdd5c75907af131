/** Entry for workerd: a Worker whose fetch runs the cases and answers the results as JSON. */
import { run } from './cases.js';

export default {
  async fetch(): Promise<Response> {
    return Response.json(await run());
  },
};
