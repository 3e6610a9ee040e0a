// Child process for the simulator durability test: runs the Discourse simulator on a state file and
// prints its URL; the parent posts to it and SIGKILLs this process right after the answer.
import { startDiscourseSimulator } from '../../../../electron/demo/simulators/discourse';

const [stateFile] = process.argv.slice(2);
const sim = await startDiscourseSimulator({ stateFile: stateFile! });
if (!sim.hasSite('demo'))
  sim.addSite({
    slug: 'demo',
    apiKey: 'durable-key-123456',
    apiUsername: 'agent_bot',
    title: 'Demo',
  });
console.log(JSON.stringify({ url: sim.siteUrl('demo') }));
setInterval(() => {}, 1000);
