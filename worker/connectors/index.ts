import { bedrockConnector } from './bedrock';
import { comprehendConnector } from './comprehend';
import { eventBridgeConnector } from './eventbridge';
import type { Connector } from './connector';
import { dynamodbConnector } from './dynamodb';
import { lambdaConnector } from './lambda';
import { rekognitionConnector } from './rekognition';
import { s3Connector } from './s3';
import { sagemakerConnector } from './sagemaker';
import { snsConnector } from './sns';
import { sqsConnector } from './sqs';
import { textractConnector } from './textract';

/** Every connector the worker can serve. */
export const connectors: Connector[] = [s3Connector, lambdaConnector, textractConnector, comprehendConnector, rekognitionConnector, dynamodbConnector,
  sqsConnector, snsConnector, eventBridgeConnector, bedrockConnector, sagemakerConnector];
