// The engine's clock for tests, as Zeebe's actuator (/actuator/clock: GET, POST pin {epochMilli}, POST add
// {offsetMilli}, DELETE to reset) and Camunda's REST API (PUT /v2/clock {timestamp}, POST /v2/clock/reset)
// offer it. Served only when ENGINE_CLOCK_CONTROL is true. What becomes due runs at once.

import { EngineError, type EngineApi } from '../api';
import { readJson, requiredNumber, sendJson, sendNoContent, type Route } from './http';

export function clockRoutes(engine: EngineApi): Route[] {
  const moved = (res: Parameters<typeof sendJson>[0]) => {
    engine.tick();
    sendJson(res, 200, engine.clock.state());
  };
  return [
    { method: 'GET', path: '/actuator/clock', handle: ({ res }) => sendJson(res, 200, engine.clock.state()) },
    {
      method: 'POST',
      path: '/actuator/clock/pin',
      async handle({ req, res }) {
        engine.clock.pin(requiredNumber(await readJson(req), 'epochMilli'));
        moved(res);
      },
    },
    {
      method: 'POST',
      path: '/actuator/clock/add',
      async handle({ req, res }) {
        const offset = requiredNumber(await readJson(req), 'offsetMilli');
        if (offset < 0) throw new EngineError('INVALID_ARGUMENT', `Expected offsetMilli to be zero or more, but was ${offset}`);
        engine.clock.add(offset);
        moved(res);
      },
    },
    {
      method: 'DELETE',
      path: '/actuator/clock',
      handle({ res }) {
        engine.clock.reset();
        moved(res);
      },
    },
    {
      method: 'PUT',
      path: '/v2/clock',
      async handle({ req, res }) {
        engine.clock.pin(requiredNumber(await readJson(req), 'timestamp'));
        engine.tick();
        sendNoContent(res);
      },
    },
    {
      method: 'POST',
      path: '/v2/clock/reset',
      async handle({ req, res }) {
        await readJson(req);
        engine.clock.reset();
        engine.tick();
        sendNoContent(res);
      },
    },
  ];
}
