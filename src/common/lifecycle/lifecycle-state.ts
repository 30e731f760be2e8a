import { Injectable } from '@nestjs/common';

/**
 * Where the process is in its life. `draining` turns true the moment shutdown begins (SIGTERM, or
 * app.close()): readiness answers 503 from then on so load balancers stop sending, while the
 * server goes on serving for SHUTDOWN_DRAIN_MS before it stops accepting connections.
 */
@Injectable()
export class LifecycleState {
  draining = false;
}
