import JSZip from 'jszip';
import {
  CreateAliasCommand, CreateFunctionCommand, GetFunctionCommand, LambdaClient, PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { stack } from './harness';

/** Small real functions, run by MiniStack as local Node processes. */
export const FUNCTION_SOURCES = {
  echo: `exports.handler = async (event) => { console.log('echo log line', JSON.stringify(event)); return { echo: event }; };`,
  fails: `exports.handler = async () => { throw new TypeError('the order is not valid'); };`,
  slow: `exports.handler = async () => { await new Promise((r) => setTimeout(r, 5000)); return 'late'; };`,
  text: `exports.handler = async () => 'plain text answer';`,
};

export type FunctionName = keyof typeof FUNCTION_SOURCES;

export function lambdaClient(): LambdaClient {
  return new LambdaClient({ endpoint: stack().AWS_ENDPOINT_URL_S3_EMULATOR, region: stack().AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

/** Deploys the functions under a unique prefix; `echo` also gets version 1 and the alias `live`. */
export async function deployFunctions(prefix: string): Promise<Record<FunctionName, string>> {
  const client = lambdaClient();
  const names = {} as Record<FunctionName, string>;
  for (const [key, source] of Object.entries(FUNCTION_SOURCES) as [FunctionName, string][]) {
    const zip = new JSZip();
    zip.file('index.js', source);
    const name = `${prefix}-${key}`;
    await client.send(new CreateFunctionCommand({
      FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/lambda-test',
      Code: { ZipFile: await zip.generateAsync({ type: 'uint8array' }) }, Timeout: key === 'slow' ? 1 : 10,
    }));
    for (let i = 0; i < 40; i++) {
      const f = await client.send(new GetFunctionCommand({ FunctionName: name }));
      if (f.Configuration?.State === 'Active') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    names[key] = name;
  }
  const version = await client.send(new PublishVersionCommand({ FunctionName: names.echo }));
  await client.send(new CreateAliasCommand({ FunctionName: names.echo, Name: 'live', FunctionVersion: version.Version }));
  client.destroy();
  return names;
}
