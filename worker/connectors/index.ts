import { bedrockConnector } from './bedrock';
import { comprehendConnector } from './comprehend';
import type { Connector } from './connector';
import { lambdaConnector } from './lambda';
import { rekognitionConnector } from './rekognition';
import { s3Connector } from './s3';
import { sagemakerConnector } from './sagemaker';
import { textractConnector } from './textract';

/** Every connector the worker can serve. */
export const connectors: Connector[] = [s3Connector, lambdaConnector, textractConnector, comprehendConnector, rekognitionConnector, bedrockConnector, sagemakerConnector];
