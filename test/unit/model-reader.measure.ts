// How long the worker takes to read deployed models for the placeholder policy, and how long its event loop
// is held meanwhile (docs/security.md, "Figures"): npx tsx test/unit/model-reader.measure.ts
import { ModelReader } from '../../worker/runtime/model-reader';
(async () => {
  const reader = new ModelReader({ timeoutMs: 60_000, maxMemoryMb: 512, maxDepth: 256 });
  const ns = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
  const models: [string, string][] = [
    ['100,000 elements', `<bpmn:definitions ${ns}><bpmn:process id="p">${'<bpmn:task id="t" name="n"/>'.repeat(100_000)}</bpmn:process></bpmn:definitions>`],
    ['100,000 inputs', `<bpmn:definitions ${ns}><bpmn:process id="p"><bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:ioMapping>${'<zeebe:input source="{{secrets.K}}" target="a.b"/>'.repeat(100_000)}</zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask></bpmn:process></bpmn:definitions>`],
    ['20 MB', `<bpmn:definitions ${ns}><bpmn:process id="p"><bpmn:documentation>${'x'.repeat(20_000_000)}</bpmn:documentation></bpmn:process></bpmn:definitions>`],
  ];
  await reader.read('<a/>');
  for (const [what, text] of models) {
    const xml = Buffer.from(text);
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => { const now = performance.now(); longest = Math.max(longest, now - last); last = now; }, 1);
    const started = performance.now();
    await reader.read(xml);
    clearInterval(timer);
    console.log(`${what}: read in ${Math.round(performance.now() - started)} ms, longest event-loop gap ${Math.round(longest)} ms`);
  }
  await reader.close();
})();
